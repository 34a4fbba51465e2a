{# Where keyed hashes go, and how each destination wants an email or a phone normalised before hashing. #}
{#
    Normalisations (applied by hash_normalized):
    - `as_staged`: the value as staging normalised it (emails trimmed and lower-cased, phones E.164),
      trimmed; for hashes firstparty both writes and reads (tombstones).
    - `lower_trim`: trimmed and lower-cased.
    - `e164`: '+' and the digits of the number.
    Ad platforms (Google, Meta) are not here: they match plain SHA-256 of their own normalisation, which
    macros/activation (destination_email, destination_phone) and sha256_hex write.
#}
{% macro hash_destinations() -%}
    {{ return({
        'tombstone': {'email': 'as_staged', 'phone': 'as_staged', 'other': 'as_staged'},
        'clean_room': {'email': 'lower_trim', 'phone': 'e164', 'other': 'as_staged'},
    }) }}
{%- endmacro %}
