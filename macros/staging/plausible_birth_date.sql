{# A parsed birth date when the age it gives at as_of is within vars birth_date_min_age_years..birth_date_max_age_years, else null. #}
{#
    A birth date is a personal attribute: one outside the plausible range (born 1890, or after as_of) is
    nulled and flagged (has_invalid_birth_date), the rest of the record is staged.
#}
{% macro plausible_birth_date(date_expr) -%}
    case
        when {{ firstparty.age_in_years(date_expr, firstparty.as_of_timestamp()) }}
            between {{ var('birth_date_min_age_years') | int }} and {{ var('birth_date_max_age_years') | int }}
            then {{ date_expr }}
    end
{%- endmacro %}
