{# An identifier normalised the way one hash destination wants it, before keyed hashing. #}
{% macro hash_normalized(expr, destination, identifier_type) -%}
    {%- set destinations = firstparty.hash_destinations() -%}
    {%- if destination not in destinations -%}
        {{ exceptions.raise_compiler_error(
            "keyed_hash: unknown destination '" ~ destination ~ "'; add it to hash_destinations (known: "
            ~ (destinations.keys() | sort | join(', ')) ~ ")") }}
    {%- endif -%}
    {%- set rules = destinations[destination] -%}
    {%- set rule = rules.get(identifier_type, rules['other']) -%}
    {%- set trimmed = firstparty.trimmed(expr) -%}
    {%- if rule == 'as_staged' -%}
        {{ trimmed }}
    {%- elif rule == 'lower_trim' -%}
        lower({{ trimmed }})
    {%- elif rule == 'e164' -%}
        '+' || {{ firstparty.regex_replace_all(trimmed, '[^0-9]', '') }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("hash_destinations: unknown normalisation '" ~ rule ~ "'") }}
    {%- endif -%}
{%- endmacro %}
