{# on-run-start: the SQL functions a warehouse lacks, created in schema firstparty_functions (Postgres: Jaro-Winkler). #}
{#
    DuckDB and Snowflake have a Jaro-Winkler similarity built in. Postgres' fuzzystrmatch has levenshtein,
    soundex and metaphone but no Jaro-Winkler, and pg_trgm's similarity is a different measure (matches
    would differ from DuckDB's), so postgres__ creates firstparty_functions.jaro_winkler(text, text) in
    PL/pgSQL: the same definition as DuckDB's jaro_winkler_similarity (matching window
    max(length) / 2 - 1, Winkler's prefix bonus of 0.1 per common leading character, at most 4, when the
    Jaro similarity is above 0.7). Replaced on every run, so it follows the project's version.
#}
{% macro create_sql_functions() -%}
    {{ return(adapter.dispatch('create_sql_functions', 'firstparty')()) }}
{%- endmacro %}

{% macro default__create_sql_functions() -%}
{%- endmacro %}

{% macro postgres__create_sql_functions() -%}
    create schema if not exists firstparty_functions;
    create or replace function firstparty_functions.jaro_winkler(text_a text, text_b text)
    returns double precision language plpgsql immutable strict parallel safe as $function$
    declare
        a text[] := regexp_split_to_array(text_a, '');
        b text[] := regexp_split_to_array(text_b, '');
        len_a integer := coalesce(array_length(a, 1), 0);
        len_b integer := coalesce(array_length(b, 1), 0);
        window_size integer;
        matched_a boolean[];
        matched_b boolean[];
        matches integer := 0;
        transpositions integer := 0;
        prefix integer := 0;
        position_b integer := 1;
        similarity double precision;
    begin
        if len_a = 0 or len_b = 0 then
            return case when len_a = len_b then 1.0 else 0.0 end;
        end if;
        window_size := greatest(greatest(len_a, len_b) / 2 - 1, 0);
        matched_a := array_fill(false, array[len_a]);
        matched_b := array_fill(false, array[len_b]);
        for i in 1..len_a loop
            for j in greatest(1, i - window_size)..least(len_b, i + window_size) loop
                if not matched_b[j] and a[i] = b[j] then
                    matched_a[i] := true;
                    matched_b[j] := true;
                    matches := matches + 1;
                    exit;
                end if;
            end loop;
        end loop;
        if matches = 0 then
            return 0.0;
        end if;
        for i in 1..len_a loop
            if matched_a[i] then
                while not matched_b[position_b] loop
                    position_b := position_b + 1;
                end loop;
                if a[i] <> b[position_b] then
                    transpositions := transpositions + 1;
                end if;
                position_b := position_b + 1;
            end if;
        end loop;
        similarity := (matches::double precision / len_a + matches::double precision / len_b
            + (matches - transpositions / 2)::double precision / matches) / 3.0;
        if similarity > 0.7 then
            while prefix < least(4, len_a, len_b) and a[prefix + 1] = b[prefix + 1] loop
                prefix := prefix + 1;
            end loop;
            similarity := similarity + prefix * 0.1 * (1.0 - similarity);
        end if;
        return similarity;
    end
    $function$;
{%- endmacro %}
