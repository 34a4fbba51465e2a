{# An identifier's key in the identity graph, `<class>:<match value>`, and the match value read back from a key. #}
{#
    The class is the identifier's type, except that emails and hashed emails are one class (email);
    the match value is the value itself, except a plain email's, which is its SHA-256 (so that a hashed
    email and the plain one it was hashed from are one identifier). int_identity__identifier_occurrences
    builds the keys, int_identity__identifiers builds the blocklist's and reads the values back.
#}
{% macro identity_identifier_key(class_expr, match_value_expr) -%}
    {{ dbt.concat([class_expr, "':'", match_value_expr]) }}
{%- endmacro %}

{% macro identity_identifier_key_match_value(key_expr, class_expr) -%}
    {{ dbt.right(key_expr, dbt.length(key_expr) ~ ' - ' ~ dbt.length(class_expr) ~ ' - 1') }}
{%- endmacro %}
