"""Study content and how it is read.

- `schema`, `loader`, `located_yaml`, `report` — the YAML/Markdown format, validated
  with the file and line of each problem (`load_content`).
- `sync` — the bundled content into the database, leaving the student's own prompts,
  cards and history alone.
- `reference` — the reference browser's sections, bookmarks, notes, timeline and
  partnerships (`section_tree`, `load_section`, `set_bookmark`, `save_note`).
- `prompts` — a prompt as a screen shows it (`load_prompt`, `load_prompts`).
- `prompt_body` — its type-specific part, one frozen dataclass per prompt type, read
  from the stored JSON in one place (`body_from_details`, `DamagedPrompt`).
- `search`, `search_index` — full-text search over sections, prompts and notes.
- `files`, `export` — content files on disk and writing prompts back out.
"""
