{# The countries firstparty recognises: ISO-2 code -> ISO-3, calling code, trunk prefix and the spellings exports use. #}
{#
    Kept in step with seeds/reference/ref_countries.csv by a pytest. Spellings are compared
    upper-cased with spaces, dots and dashes removed, so "United Kingdom", "united-kingdom" and
    "U.K." all read as UNITEDKINGDOM / UK. Local names are listed with and without their accents
    (ÉIRE, EIRE), since stripping accents is not portable SQL.
#}
{% macro country_reference() -%}
    {{ return({
        'GB': {'iso3': 'GBR', 'calling_code': '44', 'trunk_prefix': '0',
               'spellings': ['UK', 'UNITEDKINGDOM', 'GREATBRITAIN', 'BRITAIN', 'ENGLAND', 'SCOTLAND', 'WALES', 'NORTHERNIRELAND']},
        'IE': {'iso3': 'IRL', 'calling_code': '353', 'trunk_prefix': '0',
               'spellings': ['IRELAND', 'EIRE', 'ÉIRE', 'REPUBLICOFIRELAND']},
        'US': {'iso3': 'USA', 'calling_code': '1', 'trunk_prefix': '',
               'spellings': ['UNITEDSTATES', 'UNITEDSTATESOFAMERICA', 'AMERICA']},
        'CA': {'iso3': 'CAN', 'calling_code': '1', 'trunk_prefix': '',
               'spellings': ['CANADA']},
        'DE': {'iso3': 'DEU', 'calling_code': '49', 'trunk_prefix': '0',
               'spellings': ['GERMANY', 'DEUTSCHLAND']},
        'FR': {'iso3': 'FRA', 'calling_code': '33', 'trunk_prefix': '0',
               'spellings': ['FRANCE']},
        'NL': {'iso3': 'NLD', 'calling_code': '31', 'trunk_prefix': '0',
               'spellings': ['NETHERLANDS', 'THENETHERLANDS', 'NEDERLAND', 'HOLLAND']},
        'BE': {'iso3': 'BEL', 'calling_code': '32', 'trunk_prefix': '0',
               'spellings': ['BELGIUM', 'BELGIQUE', 'BELGIE', 'BELGIË']},
        'ES': {'iso3': 'ESP', 'calling_code': '34', 'trunk_prefix': '',
               'spellings': ['SPAIN', 'ESPANA', 'ESPAÑA']},
        'IT': {'iso3': 'ITA', 'calling_code': '39', 'trunk_prefix': '',
               'spellings': ['ITALY', 'ITALIA']},
        'AT': {'iso3': 'AUT', 'calling_code': '43', 'trunk_prefix': '0',
               'spellings': ['AUSTRIA', 'OSTERREICH', 'ÖSTERREICH']},
        'CH': {'iso3': 'CHE', 'calling_code': '41', 'trunk_prefix': '0',
               'spellings': ['SWITZERLAND', 'SCHWEIZ', 'SUISSE']},
        'DK': {'iso3': 'DNK', 'calling_code': '45', 'trunk_prefix': '',
               'spellings': ['DENMARK', 'DANMARK']},
        'SE': {'iso3': 'SWE', 'calling_code': '46', 'trunk_prefix': '0',
               'spellings': ['SWEDEN', 'SVERIGE']},
        'AU': {'iso3': 'AUS', 'calling_code': '61', 'trunk_prefix': '0',
               'spellings': ['AUSTRALIA']},
    }) }}
{%- endmacro %}
