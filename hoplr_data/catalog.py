"""Message catalog: key -> {nl, fr, en}. A test fails when a language is missing."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- ingest ---------------------------------------------------------------------------
    "ingest.done": {
        "nl": "{lines} regels gelezen: {imported} geïmporteerd, {duplicates} al bekend, {rejected} geweigerd.",
        "fr": "{lines} lignes lues : {imported} importées, {duplicates} déjà connues, {rejected} refusées.",
        "en": "{lines} lines read: {imported} imported, {duplicates} already known, {rejected} rejected.",
    },
    "ingest.rejected_line": {
        "nl": "Regel {line} geweigerd: {reason}",
        "fr": "Ligne {line} refusée : {reason}",
        "en": "Line {line} rejected: {reason}",
    },
    "ingest.rejects_file": {
        "nl": "Geweigerde regels staan in {path}",
        "fr": "Les lignes refusées sont dans {path}",
        "en": "Rejected lines were written to {path}",
    },
    "ingest.reason.invalid_json": {
        "nl": "geen geldige JSON",
        "fr": "JSON invalide",
        "en": "not valid JSON",
    },
    "ingest.reason.not_object": {
        "nl": "geen JSON-object",
        "fr": "pas un objet JSON",
        "en": "not a JSON object",
    },
    "ingest.reason.unknown_type": {
        "nl": "onbekend gebeurtenistype",
        "fr": "type d'événement inconnu",
        "en": "unknown event type",
    },
    "ingest.reason.missing_field": {
        "nl": "verplicht veld ontbreekt: {field}",
        "fr": "champ obligatoire manquant : {field}",
        "en": "missing required field: {field}",
    },
    "ingest.reason.bad_field": {
        "nl": "ongeldige waarde in veld {field}",
        "fr": "valeur invalide dans le champ {field}",
        "en": "invalid value in field {field}",
    },
    "ingest.reason.bad_time": {
        "nl": "ongeldige datum/tijd in veld {field} (verwacht ISO 8601)",
        "fr": "date/heure invalide dans le champ {field} (ISO 8601 attendu)",
        "en": "invalid date/time in field {field} (ISO 8601 expected)",
    },
    "ingest.reason.unknown_buurt": {
        "nl": "onbekende buurt",
        "fr": "quartier inconnu",
        "en": "unknown buurt",
    },
    "ingest.reason.unknown_household": {
        "nl": "onbekend huishouden (nooit geregistreerd)",
        "fr": "ménage inconnu (jamais inscrit)",
        "en": "unknown household (never registered)",
    },
    "ingest.reason.not_registered": {
        "nl": "huishouden was op dat moment niet geregistreerd",
        "fr": "le ménage n'était pas inscrit à ce moment",
        "en": "household was not registered at that time",
    },
    "ingest.reason.already_registered": {
        "nl": "huishouden is al geregistreerd",
        "fr": "le ménage est déjà inscrit",
        "en": "household is already registered",
    },
    "ingest.reason.unknown_post": {
        "nl": "onbekend bericht (post_id)",
        "fr": "message inconnu (post_id)",
        "en": "unknown post (post_id)",
    },
    "ingest.reason.unknown_event": {
        "nl": "onbekende activiteit (event_id)",
        "fr": "activité inconnue (event_id)",
        "en": "unknown event (event_id)",
    },
}
