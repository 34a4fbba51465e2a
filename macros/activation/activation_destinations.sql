{# The ad platforms identifiers are activated to, each with its published normalisation rule per identifier. #}
{#
    `email` and `phone` name the rule destination_email / destination_phone apply; `source` is the page
    that publishes it (and the worked examples seeds/reference/ref_destination_hash_examples.csv holds).
    - google_ads (Google Ads Customer Match / enhanced conversions through the Data Manager API):
      email lower-cased with all whitespace removed; for gmail.com and googlemail.com the dots of the
      local part and a '+' suffix are dropped; phone E.164 with the '+'.
    - meta_ads (Meta Conversions API and custom audiences): email trimmed and lower-cased; phone the
      digits only, country code first, no '+'.
    Platforms match on plain SHA-256 of these values (sha256_hex): a keyed hash would match nothing.
#}
{% macro activation_destinations() -%}
    {{ return({
        'google_ads': {
            'email': 'google_email',
            'phone': 'e164',
            'source': 'https://developers.google.com/data-manager/api/devguides/concepts/formatting',
        },
        'meta_ads': {
            'email': 'lower_trim',
            'phone': 'digits_with_country_code',
            'source': 'https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters',
        },
    }) }}
{%- endmacro %}
