{# An email trimmed and lower-cased when it passes the syntax check (local@domain.tld), else null. #}
{#
    Internationalised addresses are accepted (RFC 6531/6532): the local part and the domain labels
    may hold non-ASCII characters (josé@exämple.de, 用户@例子.广告), and the top-level domain may be
    non-ASCII letters or an A-label (xn--...). The non-ASCII ranges are written as literal characters,
    U+00A1-U+1FFF, U+2070-U+2FFF, U+3001-U+FEFE and U+FF00-U+10FFFF, so the pattern has no backslash
    escapes (their syntax differs between engines) and leaves out C1 controls, the no-break space,
    the general-punctuation block (zero-width and other spaces), the ideographic space and the byte
    order mark. Domains are compared as written: a Unicode domain and its xn-- form are not matched.
#}
{% macro normalize_email(expr) -%}
    {%- set non_ascii = '¡-῿⁰-⿿、-﻾＀-􏿿' -%}
    {%- set local_char = "a-z0-9!#$%&*+/=?^_`{|}~'" ~ non_ascii ~ "-" -%}
    {%- set label = '[a-z0-9' ~ non_ascii ~ ']([a-z0-9' ~ non_ascii ~ '-]*[a-z0-9' ~ non_ascii ~ '])?' -%}
    {%- set top_level = '([a-z' ~ non_ascii ~ ']{2,}|xn--[a-z0-9-]+)' -%}
    case
        when {{ firstparty.regex_matches(
            'lower(' ~ firstparty.trimmed(expr) ~ ')',
            '^[' ~ local_char ~ ']+([.][' ~ local_char ~ ']+)*@(' ~ label ~ '[.])+' ~ top_level ~ '$'
        ) }}
            then lower({{ firstparty.trimmed(expr) }})
    end
{%- endmacro %}
