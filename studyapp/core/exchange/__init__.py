"""Getting the student's material in and out of Setu: Anki packages both ways, and
printable revision notes and question papers (built here as HTML; the GUI layer turns
them into PDF)."""
