{# An email normalised by one ad platform's published rule (activation_destinations); null when it is no email. #}
{#
    `expr` may be raw or already normalised by staging. google_ads removes all whitespace, lower-cases,
    and for gmail.com / googlemail.com drops the local part's dots and anything from a '+' on
    ('cloudy.sanfrancisco+shopping@gmail.com' -> 'cloudysanfrancisco@gmail.com'); other domains keep
    dots and '+' ('user.name+NYC@Example.com' -> 'user.name+nyc@example.com'). meta_ads trims and
    lower-cases. A value without exactly one '@' with text either side gives null.
#}
{% macro destination_email(expr, destination) -%}
    {%- set rule = firstparty.activation_destinations()[destination]['email']
        if destination in firstparty.activation_destinations() else none -%}
    {%- if rule is none -%}
        {{ exceptions.raise_compiler_error(
            "destination_email: unknown destination '" ~ destination ~ "'; known: "
            ~ (firstparty.activation_destinations().keys() | sort | join(', '))) }}
    {%- endif -%}
    {%- if rule == 'google_email' -%}
        {%- set email = 'lower(' ~ firstparty.regex_replace_all(expr, '\\s', '') ~ ')' -%}
    {%- else -%}
        {%- set email = 'lower(trim(' ~ expr ~ '))' -%}
    {%- endif -%}
    {%- set local_part = dbt.split_part(email, "'@'", 1) -%}
    {%- set domain = dbt.split_part(email, "'@'", 2) -%}
    case
        when not {{ firstparty.regex_matches(email, '^[^@]+@[^@]+$') }}
            then null
    {%- if rule == 'google_email' %}
        when {{ domain }} in ('gmail.com', 'googlemail.com')
            then {{ firstparty.regex_replace_all(dbt.split_part(local_part, "'+'", 1), '[.]', '') }}
            || '@' || {{ domain }}
    {%- endif %}
        else {{ email }}
    end
{%- endmacro %}
