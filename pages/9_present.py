"""Presenter view: the open plan one step per screen, in large type, with its method beside it."""

from ui.shell import require_plan, shell
from ui.workshop.presenter import presenter

with shell("present") as page:
    presenter(page, require_plan(page))
