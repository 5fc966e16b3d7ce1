"""The Publish and Results pages' views: composer, preview, results and calendar.

state      the composer's widget values and the document they make
composer   the composer's widgets, advice and autosave
actions    publish (with confirmation), delete, archive, copy; items past draft; the item list
preview    the item as residents will see it
results    the Results page: cards, charts and tables per question, ideas, downloads
calendar_view  the publishing calendar (month grid or timeline)
due        scheduled items whose moment has come, sent only when asked
"""
