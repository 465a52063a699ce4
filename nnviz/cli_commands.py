"""What each headless command does (`nnviz solve`, `explain`, `check`, `gradcheck`, `train`, `export`): from
the parsed arguments (cli.py) to its output on stdout and its exit status."""
import json
import sys

from nnviz.cli import EXIT_FAILED, EXIT_OK, BadInput, fail


def _load(path: str):
    """Load and check a project; every problem becomes one BadInput line naming the file."""
    from nnviz.core import FileFormatError, NetworkError, fileformat
    from nnviz.core.messages import printable
    try:
        project = fileformat.load(path)
        project.check()
    except (FileFormatError, NetworkError) as exc:
        message, name = str(exc), printable(path, None)
        raise BadInput(message if message.startswith(name) else f"{name}: {message}") from None
    return project


def _notation(project, args):
    """The notation asked for on the command line, else the file's (view.notation), else the default."""
    from nnviz.core.notation import Notation, preset
    if args.notation:
        return preset(args.notation)
    try:
        return Notation.from_view(project.view.get("notation"))
    except ValueError as exc:
        raise BadInput(f"{args.file}: view.notation: {exc}") from None


def _number_format(args):
    from nnviz.core.mathtext import NumberFormat
    return NumberFormat(args.decimals, fixed=True) if args.decimals is not None else NumberFormat(args.precision)


def solve(args) -> int:
    from nnviz.core.report import solve_json
    project = _load(args.file)
    result = project.compute()
    fmt = "json" if args.json else args.format
    if fmt == "json":
        print(json.dumps(solve_json(result)))
        return EXIT_OK
    from nnviz.core.solution import worked_solution
    from nnviz.core.solution_render import render
    sections = worked_solution(project, result, _notation(project, args), _number_format(args), args.precision)
    sys.stdout.write(render(sections, fmt))
    return EXIT_OK


def explain(args) -> int:
    from nnviz.core.derivation import Explainer
    from nnviz.core.layer_form import LayerForm
    from nnviz.core.mathtext import render_plain
    from nnviz.core.quantities import parse, problem
    project = _load(args.file)
    try:
        q = parse(args.parameter)
    except ValueError as exc:
        raise BadInput(f"{args.parameter}: {exc}") from None
    if q.kind not in ("w", "b"):
        raise BadInput(f"{args.parameter}: not a parameter; give a weight w:l:i:j or a bias b:l:i")
    missing = problem(q, project)
    if missing:
        raise BadInput(f"{args.parameter}: {missing}")
    if args.sample is not None and args.sample > project.sample_count:
        raise BadInput(f"--sample {args.sample}: the data has only {project.sample_count} "
                       f"sample{'' if project.sample_count == 1 else 's'}")
    explainer = Explainer(project, project.compute(), _notation(project, args), _number_format(args))
    if args.json:
        print(json.dumps(explainer.path_form(q, args.max_paths, args.sample).to_json(), ensure_ascii=False))
        return EXIT_OK
    samples = [args.sample] if args.sample else range(1, project.sample_count + 1)
    blocks = [block for s in samples for block in explainer.path_blocks(q, s, shown=args.max_paths)]
    blocks += LayerForm(explainer).blocks(q, args.sample or 1)
    sys.stdout.write(render_plain(blocks))
    return EXIT_OK


def check(args) -> int:
    from nnviz.core.answers import AnswerError, load_answers
    from nnviz.core.checking import check
    from nnviz.core.messages import printable
    from nnviz.core.quantities import all_quantities
    project = _load(args.file)
    notation = _notation(project, args)
    try:
        answers = load_answers(args.answers, project, notation.namer(project.network.sizes()))
    except AnswerError as exc:
        raise BadInput(printable(str(exc), None)) from None
    order = {q: k for k, q in enumerate(all_quantities(project))}
    report = check(project, project.compute(), answers, order)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return EXIT_OK
    sys.stdout.write(check_table(report))
    return EXIT_OK


def check_table(report) -> str:
    """The marks as an aligned table, then the counts and the first wrong step."""
    from nnviz.core.numbers import format_number
    symbol = {"correct": "✓ correct", "carried": "≈ carried", "wrong": "✗ wrong"}
    rows = [("line", "name", "written", "verdict", "exact", "diagnosis")]
    rows += [(str(m.answer.line), f"{m.answer.name} ({m.answer.quantity.canonical()})", m.answer.written.text,
              symbol[m.verdict], format_number(m.exact, 6), m.diagnosis or "") for m in report.marks]
    widths = [max(len(r[k]) for r in rows) for k in range(5)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r[:5], widths)) + ("  " + r[5] if r[5] else "")
             for r in rows]
    counts = report.counts
    lines.append(f"{counts['correct']} correct, {counts['carried']} carried, {counts['wrong']} wrong")
    first = report.first_wrong
    if first is None:
        lines.append("No wrong step.")
    else:
        lines.append(f"First wrong step: {first.answer.name} = {first.answer.written.text} (line {first.answer.line}): "
                     f"{first.diagnosis}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def gradcheck(args) -> int:
    from nnviz.core.gradcheck import TOLERANCE, check_gradients
    project = _load(args.file)
    report = check_gradients(project, args.eps)
    if args.json:
        print(json.dumps(report.to_json()))
    else:
        rows = [(c.parameter.canonical(), f"{c.analytic:.10g}", f"{c.numeric:.10g}", f"{c.error:.2e}")
                for c in report.checks]
        header = ("parameter", "backprop", "finite difference", "relative error")
        widths = [max(len(r[k]) for r in rows + [header]) for k in range(4)]
        for row in [header] + rows:
            print("  ".join(cell.rjust(w) if k else cell.ljust(w) for k, (cell, w) in enumerate(zip(row, widths))))
        worst = report.largest
        if worst is not None:
            print(f"largest relative error: {worst.error:.2e} ({worst.parameter.canonical()}); "
                  + ("all within" if report.passed else "some above") + f" the tolerance {TOLERANCE:g}")
    if not report.passed:
        return fail("some gradients differ from their finite differences by more than 1e-5 (relative); at a kink "
                     "(ReLU at z = 0, l1, hinge, Huber) that can be expected", EXIT_FAILED)
    return EXIT_OK


def train(args) -> int:
    from nnviz.core import FileFormatError, Trainer, TrainingDiverged, fileformat, files
    from nnviz.core.loss_watch import LossRise
    from nnviz.core.report import json_numbers
    project = _load(args.file)
    if args.output:
        try:
            files.save_target(args.output)  # refused now, not after the training
        except FileFormatError as exc:
            raise BadInput(str(exc)) from None
    settings = project.training
    if args.lr is not None:
        settings.learning_rate = args.lr
    if args.batch_size is not None:
        settings.batch_size = args.batch_size
    if args.seed is not None:
        settings.seed = args.seed
    trainer = Trainer(project)
    losses = [trainer.loss]
    rise = LossRise()
    rise.add(0, trainer.loss, settings.learning_rate)
    if not args.json:
        _print_step(0, trainer.loss)
    failure = None
    for _ in range(args.steps):
        try:
            loss = trainer.step()
        except TrainingDiverged as exc:  # also LossNotFinite: the loss was not finite before any step
            failure = str(exc)
            break
        losses.append(loss)
        if not args.json:
            _print_step(len(losses) - 1, loss)
        note = rise.add(len(losses) - 1, loss, settings.learning_rate)
        if note is not None:  # a note only: the exit status and stdout stay as they are
            print(f"nnviz: note: {note}", file=sys.stderr)
    if args.json:
        print(json.dumps({"losses": json_numbers(losses)}, allow_nan=False))
    if failure is not None:
        if args.output:
            failure += f" Nothing was saved to {args.output}."
        return fail(failure, EXIT_FAILED)
    if args.output:
        try:
            fileformat.save(project, args.output)
        except FileFormatError as exc:
            raise BadInput(f"{args.output}: cannot be written: {exc}" if not str(exc).startswith(args.output)
                           else str(exc)) from None
        except OSError as exc:
            raise BadInput(f"{args.output}: cannot be written ({exc.strerror or exc})") from None
    return EXIT_OK


def export(args) -> int:
    from pathlib import Path
    from nnviz.core import FileFormatError
    from nnviz.core.notation import preset
    project = _load(args.file)
    target = Path(args.output)
    if target.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise BadInput(f"{args.output}: a diagram is exported as .png, .svg or .pdf; give OUT one of these endings")
    if args.transparent and target.suffix.lower() == ".pdf":
        raise BadInput("--transparent: a PDF page is always on white; export a .png or .svg for a transparent one")
    from nnviz.gui.headless_export import export_file
    try:
        export_file(project, Path(args.file), target, scale=args.scale, dpi=args.dpi, transparent=args.transparent,
                    notation=preset(args.notation) if args.notation else None)
    except FileFormatError as exc:
        raise BadInput(str(exc)) from None
    except OSError as exc:
        raise BadInput(f"{args.output}: cannot be written ({exc.strerror or exc})") from None
    return EXIT_OK


def _print_step(step: int, loss: float) -> None:
    print(f"step {step}: {loss!r}")
