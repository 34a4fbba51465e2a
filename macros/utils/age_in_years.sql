{# Completed years of age at `as_of` of a person born on `birth_date`: the birthday of the as_of year counts once reached. #}
{#
    datediff(..., 'year') alone counts year boundaries crossed (someone born on 31 December is a year
    old on 1 January); this subtracts one while the as_of day of the year is before the birthday's.
    A 29 February birthday is reached on 1 March in common years.
#}
{% macro age_in_years(birth_date, as_of) -%}
    (
        {{ dbt.datediff(birth_date, as_of, 'year') }}
        - case
            when extract(month from {{ as_of }}) * 100 + extract(day from {{ as_of }})
                < extract(month from {{ birth_date }}) * 100 + extract(day from {{ birth_date }})
                then 1
            else 0
        end
    )
{%- endmacro %}
