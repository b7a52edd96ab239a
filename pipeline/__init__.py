"""vanban: Vietnamese government decision texts into data.

The public verbs:
    run_batch(roots, out_dir)                   folders of documents -> tables
    process_bytes(name, data, source, rules)    one document -> table rows
    load_rules()                                the compiled rules/ files
"""
from pipeline.config import PIPELINE_VERSION as __version__

__all__ = ["run_batch", "process_bytes", "load_rules", "__version__"]


def __getattr__(name):  # keep `import pipeline` light: heavy modules load on first use
    if name == "run_batch":
        from pipeline.batch import run_batch
        return run_batch
    if name == "process_bytes":
        from pipeline.process import process_bytes
        return process_bytes
    if name == "load_rules":
        from pipeline.rules import load_rules
        return load_rules
    raise AttributeError(name)
