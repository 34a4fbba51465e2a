{#- True when an email or phone matches one of the blocklist's pattern rows (every match type except
    `exact`, which callers compare as a key). `value` is the normalised identifier value (emails lower
    case, phones E.164), `blocklist` the alias of ref('ref_identity_blocklist') in the query. Used by
    identity's guard and by the erasure closure, so both block exactly the same identifiers. -#}
{% macro identity_blocklist_pattern_matches(value, blocklist='blocklist') -%}
    (
        (
            {{ blocklist }}.match_type = 'email_domain'
            and {{ dbt.split_part(value, "'@'", 2) }} = {{ blocklist }}.blocked_value
        )
        or (
            {{ blocklist }}.match_type = 'email_local_part'
            and {{ dbt.split_part(value, "'@'", 1) }} = {{ blocklist }}.blocked_value
        )
        or (
            {{ blocklist }}.match_type = 'email_local_part_contains'
            and {{ dbt.position(blocklist ~ '.blocked_value', dbt.split_part(value, "'@'", 1)) }} > 0
        )
        or (
            {{ blocklist }}.match_type = 'phone_prefix'
            and {{ dbt.position(blocklist ~ '.blocked_value', value) }} = 1
        )
    )
{%- endmacro %}

{#- True when a plain (unhashed) email or phone matches any row of the blocklist, `exact` ones included:
    for callers that compare plain values rather than identifier keys (the golden record's placeholder
    check and its singular test). -#}
{% macro identity_blocklist_matches(value, blocklist='blocklist') -%}
    (
        ({{ blocklist }}.match_type = 'exact' and {{ value }} = {{ blocklist }}.blocked_value)
        or {{ firstparty.identity_blocklist_pattern_matches(value, blocklist) }}
    )
{%- endmacro %}
