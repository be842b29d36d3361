"""Media analysis: framing, sentiment and source attribution for English news articles."""
__version__ = "0.1.0"

from .pipeline import ArticleAnalysis, analyze, analyze_article  # noqa: E402

__all__ = ["ArticleAnalysis", "analyze", "analyze_article", "__version__"]
