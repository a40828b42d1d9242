"""extractor: emulation campaigns and commendations from Vietnamese news, as tables.

Python API::

    import extractor
    result = extractor.extract(text, article_id="a1")   # one ExtractionResult
    frames = extractor.to_frames([result])              # {"awards": DataFrame, ...}

Command line: ``extractor run [INPUT ...] --out DIR [--format parquet|csv|jsonl]``.
"""

from .analysis import recipients_by_form_level
from .errors import ExtractorError, InputError, ResourceError
from .job import Summary, run_job
from .load import TablesNotFoundError, load
from .model import Article, AwardFact, Campaign, ExtractionResult, Mention
from .pipeline import build_nlp, extract, extract_many
from .tables import to_frames

__version__ = "0.1.0"

__all__ = [
    "Article",
    "AwardFact",
    "Campaign",
    "ExtractionResult",
    "ExtractorError",
    "InputError",
    "Mention",
    "ResourceError",
    "Summary",
    "TablesNotFoundError",
    "__version__",
    "build_nlp",
    "extract",
    "extract_many",
    "load",
    "recipients_by_form_level",
    "run_job",
    "to_frames",
]
