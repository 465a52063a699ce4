"""Where nnviz's shipped resources (examples, icons) are, in a source checkout or an installed wheel."""
import importlib.util
from pathlib import Path

_SOURCE_TREE = Path(__file__).resolve().parent.parent / "resources"


def resources_dir() -> Path:
    """The resources folder: the repository's resources/ or, once installed, the nnviz.resources package."""
    if _SOURCE_TREE.is_dir():
        return _SOURCE_TREE
    spec = importlib.util.find_spec("nnviz.resources")  # a namespace package: resources/ has no __init__
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("nnviz's resources are missing from this installation: reinstall nnviz")
    return Path(next(iter(spec.submodule_search_locations)))


def examples_dir() -> Path:
    return resources_dir() / "examples"


def example_files() -> list[Path]:
    """The shipped example networks, sorted by file name."""
    return sorted(examples_dir().glob("*.nnviz"))


DEFAULT_EXAMPLE = "002_relu_3-2-2-1_sse.nnviz"
