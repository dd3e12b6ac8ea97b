"""Theme markup fix that no template block reaches: Material's base.html puts
autocomplete="off" on its two hidden checkbox toggles (drawer, search), which HTML allows
only on text-like inputs; the W3C Nu validator reports it on every page.
Remove this hook when the theme fixes it (or on the move to its successor)."""

import re

CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')


def on_post_page(output, page, config):
    return CHECKBOX_AUTOCOMPLETE.sub(r"\1>", output)
