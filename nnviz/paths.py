"""Where nnviz's shipped resources (examples, icons) are, in a source checkout or an installed wheel."""
from importlib import resources
from pathlib import Path

_SOURCE_TREE = Path(__file__).resolve().parent.parent / "resources"


def resources_dir() -> Path:
    """The resources folder: the repository's resources/ or, once installed, the nnviz.resources package."""
    if _SOURCE_TREE.is_dir():
        return _SOURCE_TREE
    return Path(str(resources.files("nnviz.resources")))


def examples_dir() -> Path:
    return resources_dir() / "examples"


def example_files() -> list[Path]:
    """The shipped example networks, sorted by file name."""
    return sorted(examples_dir().glob("*.nnviz"))


DEFAULT_EXAMPLE = "002_relu_3-2-2-1_sse.nnviz"
