"""The aide's packet: every document an official carries into a meeting, from the same sources.

Besides the draft itself, a policy's packet holds a staff report (agenda summary), the brief,
a press release and a residents' comment letter, and for a policy that asks Congress to act a
cover letter to each member of the delegation and to the appropriations subcommittee leaders.
Each part is a layout in `templates/_layouts/`, rendered through the same pipeline, writers and
checks as the draft (`toolkit.pipeline.DocumentRequest(part=...)`).

- `parts`: the part names, their layouts and file names;
- `claims`: the sources table every claim cites by key, and the checks `validate` runs on it;
- `context`: what a part's layout can use (claims, citations, recipients) beyond a body's names;
- `bundle`: the packet as a list of requests, and as one deterministic zip.
"""
