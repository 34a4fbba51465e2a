"""The synthetic export generator, split by concern.

First a population of true persons is simulated (`persons.py`, with `contact_details.py`), then each
channel observes some of them (`channels/`, one module per source system) and writes its export
exactly as `exports.py` declares it, with the noise real exports carry (`noise.py`). `writing.py`
encodes and writes the files and the answer key, which maps every keyed record to the person behind
it (only evaluation reads it, never the models); `run.py` runs the chunks; `cli.py` is
`python -m firstparty.generate`. Every rate, share and count is named in `config.py`.

Persons are generated in chunks of `config.CHUNK_PERSONS`, each with its own random streams, so
memory stays bounded at any size. Persons are drawn in order in the main process (a global register
keeps emails and phones unique); the channel records of a chunk need nothing from other chunks
(record ids come from the chunk's own id block), so chunks build in `--jobs` worker processes and
are written in order. The same (persons, seed, as-of) always gives the same bytes, whatever --jobs.
Time in the data derives from --as-of only, never from the clock.
"""

from firstparty.generator.cli import main
from firstparty.generator.run import generate

__all__ = ["generate", "main"]
