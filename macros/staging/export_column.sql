{# The SQL that parses one identifier or closure attribute of a raw export from its raw column: one definition for staging and the erasure closure. #}
{#
    Looks the column up in erasure_identifiers (by its base_ column name) and then in export_attributes,
    and renders its parse spec over the raw export's columns. A phone with a `country` reads the column
    country_code, which the caller computes as normalize_country(<country>) beforehand. An unknown
    column is a compile error.
#}
{% macro export_column(source_name, column) -%}
    {%- set found = namespace(spec=none) -%}
    {%- for identifier in firstparty.erasure_identifiers().get(source_name, []) if identifier['column'] == column -%}
        {%- set found.spec = identifier -%}
    {%- endfor -%}
    {%- set attributes = firstparty.export_attributes().get(source_name, {}) -%}
    {%- set spec = found.spec if found.spec is not none else attributes.get(column) -%}
    {%- if spec is none -%}
        {{ exceptions.raise_compiler_error(
            "export_column: " ~ source_name ~ "." ~ column ~ " is in neither erasure_identifiers nor export_attributes") }}
    {%- endif -%}
    {%- set raw = spec['raw'] -%}
    {%- if spec['parse'] == 'id' -%}
        {{ firstparty.trimmed(raw) }}
    {%- elif spec['parse'] == 'email' -%}
        {{ firstparty.normalize_email(raw) }}
    {%- elif spec['parse'] == 'phone' and spec.get('country') -%}
        {#- The row's country as normalize_country made it, in a column country_code the caller computes
            first (inlining the country lookup inside the phone rules would repeat it many times). -#}
        {{ firstparty.normalize_phone(raw, 'country_code') }}
    {%- elif spec['parse'] == 'phone' -%}
        {{ firstparty.normalize_phone(raw) }}
    {%- elif spec['parse'] == 'sha256' -%}
        {{ firstparty.normalize_sha256(raw) }}
    {%- elif spec['parse'] == 'code' -%}
        {{ firstparty.normalize_code(raw, spec['codes']) }}
    {%- elif spec['parse'] == 'timestamp' -%}
        {{ firstparty.parse_timestamp_utc(raw) }}
    {%- elif spec['parse'] == 'subject' -%}
        {#- The consent subject's identifier, normalised the same way as the channel that holds it. -#}
        {%- set subject_type = firstparty.export_column(source_name, 'subject_type') -%}
        case {{ subject_type }}
            when 'email' then {{ firstparty.normalize_email(raw) }}
            when 'phone' then {{ firstparty.normalize_phone(raw) }}
            else {{ firstparty.trimmed(raw) }}
        end
    {%- else -%}
        {{ exceptions.raise_compiler_error("export_column: unknown parse '" ~ spec['parse'] ~ "' for " ~ source_name ~ "." ~ column) }}
    {%- endif -%}
{%- endmacro %}
