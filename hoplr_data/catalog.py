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
    # --- app, login, navigation -----------------------------------------------------------
    "app.title": {"nl": "Service Dashboard", "fr": "Service Dashboard", "en": "Service Dashboard"},
    "app.starting": {
        "nl": "De database wordt voorbereid (de eerste keer met de demo van de pilot)…",
        "fr": "Préparation de la base de données (la première fois avec la démo du projet pilote)…",
        "en": "Preparing the database (the first time with the pilot demo)…",
    },
    "app.config_error": {
        "nl": "Het dashboard is niet goed ingesteld. Vraag de beheerder om de instelling hieronder.",
        "fr": "Le tableau de bord est mal configuré. Demandez à l'administrateur de corriger le paramètre ci-dessous.",
        "en": "The dashboard is not configured correctly. Ask the administrator to fix the setting below.",
    },
    "login.title": {"nl": "Inloggen", "fr": "Connexion", "en": "Log in"},
    "login.username": {"nl": "Gebruikersnaam", "fr": "Nom d'utilisateur", "en": "Username"},
    "login.password": {"nl": "Wachtwoord", "fr": "Mot de passe", "en": "Password"},
    "login.submit": {"nl": "Inloggen", "fr": "Se connecter", "en": "Log in"},
    "login.failed": {
        "nl": "Gebruikersnaam of wachtwoord is onjuist.",
        "fr": "Nom d'utilisateur ou mot de passe incorrect.",
        "en": "Username or password is incorrect.",
    },
    "login.hint": {
        "nl": "Log in met uw gemeentelijke account om het Service Dashboard te gebruiken.",
        "fr": "Connectez-vous avec votre compte communal pour utiliser le Service Dashboard.",
        "en": "Log in with your municipal account to use the Service Dashboard.",
    },
    "logout": {"nl": "Uitloggen", "fr": "Se déconnecter", "en": "Log out"},
    "auth.not_authorised": {
        "nl": "U heeft geen toegang tot deze pagina. Vraag een beheerder om de juiste rol.",
        "fr": "Vous n'avez pas accès à cette page. Demandez le rôle nécessaire à un administrateur.",
        "en": "You are not authorised to see this page. Ask an administrator for the right role.",
    },
    "sidebar.language": {"nl": "Taal", "fr": "Langue", "en": "Language"},
    "sidebar.signed_in_as": {
        "nl": "Ingelogd als {name}",
        "fr": "Connecté en tant que {name}",
        "en": "Signed in as {name}",
    },
    "nav.overview": {"nl": "Overzicht", "fr": "Vue d'ensemble", "en": "Overview"},
    "nav.buurten": {"nl": "Buurten", "fr": "Quartiers", "en": "Neighbourhoods"},
    "nav.admin": {"nl": "Beheer", "fr": "Administration", "en": "Administration"},
    "role.admin": {"nl": "Beheerder", "fr": "Administrateur", "en": "Administrator"},
    "role.community_builder": {
        "nl": "Wijkregisseur",
        "fr": "Animateur de quartier",
        "en": "Community builder",
    },
    "role.case_handler": {
        "nl": "Behandelaar",
        "fr": "Gestionnaire de dossiers",
        "en": "Case handler",
    },
    "role.viewer": {"nl": "Lezer", "fr": "Lecteur", "en": "Viewer"},
    # --- filters -----------------------------------------------------------------------------
    "filters.title": {"nl": "Selectie", "fr": "Sélection", "en": "Selection"},
    "filters.buurten": {"nl": "Buurten", "fr": "Quartiers", "en": "Neighbourhoods"},
    "filters.buurten_help": {
        "nl": "Laat leeg voor alle buurten.",
        "fr": "Laissez vide pour tous les quartiers.",
        "en": "Leave empty for all neighbourhoods.",
    },
    "filters.all_buurten": {
        "nl": "Alle {count} buurten",
        "fr": "Les {count} quartiers",
        "en": "All {count} neighbourhoods",
    },
    "filters.as_of": {"nl": "Peildatum", "fr": "Date de référence", "en": "As-of date"},
    "filters.as_of_help": {
        "nl": "Alle cijfers tellen gegevens tot en met deze dag. 'Recent' betekent de laatste volledige weken of maanden vóór deze datum.",
        "fr": "Tous les chiffres comptent les données jusqu'à ce jour inclus. « Récent » désigne les dernières semaines ou mois complets avant cette date.",
        "en": "Every figure counts data up to and including this day. 'Recent' means the last complete weeks or months before this date.",
    },
    # --- overview ------------------------------------------------------------------------------
    "overview.title": {"nl": "Overzicht", "fr": "Vue d'ensemble", "en": "Overview"},
    "overview.scope": {
        "nl": "{selection} · peildatum {as_of}",
        "fr": "{selection} · au {as_of}",
        "en": "{selection} · as of {as_of}",
    },
    "overview.registrations": {"nl": "Registraties", "fr": "Inscriptions", "en": "Registrations"},
    "overview.activity": {"nl": "Activiteit", "fr": "Activité", "en": "Activity"},
    "overview.events": {
        "nl": "Buurtactiviteiten",
        "fr": "Activités de quartier",
        "en": "Neighbourhood events",
    },
    "overview.footnote": {
        "nl": "De gemeente ziet alleen tellingen en onderwerpen, nooit de gesprekken van bewoners.",
        "fr": "La commune ne voit que des comptages et des sujets, jamais les conversations des habitants.",
        "en": "The municipality sees counts and topics only, never the residents' conversations.",
    },
    # --- charts --------------------------------------------------------------------------------
    "chart.week": {"nl": "Week", "fr": "Semaine", "en": "Week"},
    "chart.month": {"nl": "Maand", "fr": "Mois", "en": "Month"},
    "chart.kind": {"nl": "Soort", "fr": "Type", "en": "Kind"},
    "chart.count": {"nl": "Aantal", "fr": "Nombre", "en": "Count"},
    "chart.share": {"nl": "Aandeel", "fr": "Part", "en": "Share"},
    "chart.per_week": {"nl": "Per week", "fr": "Par semaine", "en": "Per week"},
    "chart.via_invite": {
        "nl": "Met uitnodigingscode",
        "fr": "Avec code d'invitation",
        "en": "With invitation code",
    },
    "chart.organic": {
        "nl": "Zonder code (organisch)",
        "fr": "Sans code (organique)",
        "en": "Without code (organic)",
    },
    "chart.new_registrations": {
        "nl": "Nieuwe registraties per week",
        "fr": "Nouvelles inscriptions par semaine",
        "en": "New registrations per week",
    },
    "chart.households_registered": {
        "nl": "Geregistreerde huishoudens",
        "fr": "Ménages inscrits",
        "en": "Households registered",
    },
    "chart.posts": {"nl": "Berichten", "fr": "Messages", "en": "Posts"},
    "chart.reactions": {"nl": "Reacties", "fr": "Réactions", "en": "Reactions"},
    # --- metrics (label + definition) ----------------------------------------------------------
    "metric.neighbourhoods": {"nl": "Buurten", "fr": "Quartiers", "en": "Neighbourhoods"},
    "metric.neighbourhoods.help": {
        "nl": "Aantal geselecteerde buurten.",
        "fr": "Nombre de quartiers sélectionnés.",
        "en": "Number of selected neighbourhoods.",
    },
    "metric.households_total": {
        "nl": "Huishoudens in de buurten",
        "fr": "Ménages des quartiers",
        "en": "Households in the buurten",
    },
    "metric.households_total.help": {
        "nl": "Huishoudens die in de geselecteerde buurten wonen (referentiegegevens van de buurt).",
        "fr": "Ménages habitant les quartiers sélectionnés (données de référence du quartier).",
        "en": "Households living in the selected buurten (buurt reference data).",
    },
    "metric.households_registered": {
        "nl": "Geregistreerde huishoudens",
        "fr": "Ménages inscrits",
        "en": "Households registered",
    },
    "metric.households_registered.help": {
        "nl": "Huishoudens die op of vóór de peildatum geregistreerd zijn en zich niet hebben afgemeld.",
        "fr": "Ménages inscrits à la date de référence ou avant, et non désinscrits.",
        "en": "Households registered on or before the as-of date and not deregistered.",
    },
    "metric.registration_rate": {
        "nl": "Registratiegraad",
        "fr": "Taux d'inscription",
        "en": "Registration rate",
    },
    "metric.registration_rate.help": {
        "nl": "Geregistreerde huishoudens / huishoudens in de buurten.",
        "fr": "Ménages inscrits / ménages des quartiers.",
        "en": "Households registered / households in the buurten.",
    },
    "metric.registrations_via_invite": {
        "nl": "Registraties met code",
        "fr": "Inscriptions avec code",
        "en": "Registrations with code",
    },
    "metric.registrations_via_invite.help": {
        "nl": "Registraties tot de peildatum met een geldige uitnodigingscode van de eigen buurt.",
        "fr": "Inscriptions jusqu'à la date de référence avec un code d'invitation valide du quartier.",
        "en": "Registrations up to the as-of date with a valid invitation code of their buurt.",
    },
    "metric.registrations_organic": {
        "nl": "Organische registraties",
        "fr": "Inscriptions organiques",
        "en": "Organic registrations",
    },
    "metric.registrations_organic.help": {
        "nl": "Registraties tot de peildatum zonder (geldige) uitnodigingscode.",
        "fr": "Inscriptions jusqu'à la date de référence sans code d'invitation (valide).",
        "en": "Registrations up to the as-of date without a (valid) invitation code.",
    },
    "metric.new_registrations_per_month_recent": {
        "nl": "Nieuwe registraties per maand",
        "fr": "Nouvelles inscriptions par mois",
        "en": "New registrations per month",
    },
    "metric.new_registrations_per_month_recent.help": {
        "nl": "Gemiddeld aantal nieuwe registraties per kalendermaand over de laatste 3 volledige maanden.",
        "fr": "Moyenne des nouvelles inscriptions par mois civil sur les 3 derniers mois complets.",
        "en": "Mean new registrations per calendar month over the last 3 complete months.",
    },
    "metric.posts_total": {"nl": "Berichten", "fr": "Messages", "en": "Posts"},
    "metric.posts_total.help": {
        "nl": "Berichten van bewoners in de periode (berichten van de gemeente niet meegeteld).",
        "fr": "Messages des habitants sur la période (hors messages de la commune).",
        "en": "Resident posts in the period (municipality posts excluded).",
    },
    "metric.posts_per_week_recent": {
        "nl": "Berichten per week",
        "fr": "Messages par semaine",
        "en": "Posts per week",
    },
    "metric.posts_per_week_recent.help": {
        "nl": "Gemiddeld per ISO-week over de laatste 4 volledige weken.",
        "fr": "Moyenne par semaine ISO sur les 4 dernières semaines complètes.",
        "en": "Mean per ISO week over the last 4 complete weeks.",
    },
    "metric.reactions_per_week_recent": {
        "nl": "Reacties per week",
        "fr": "Réactions par semaine",
        "en": "Reactions per week",
    },
    "metric.reactions_per_week_recent.help": {
        "nl": "Gemiddeld per ISO-week over de laatste 4 volledige weken.",
        "fr": "Moyenne par semaine ISO sur les 4 dernières semaines complètes.",
        "en": "Mean per ISO week over the last 4 complete weeks.",
    },
    "metric.weekly_active_share_recent": {
        "nl": "Wekelijks actief",
        "fr": "Actifs chaque semaine",
        "en": "Weekly active",
    },
    "metric.weekly_active_share_recent.help": {
        "nl": "Gemiddelde over de laatste 4 volledige weken van: huishoudens met minstens één bezoek die week / huishoudens geregistreerd aan het eind van die week.",
        "fr": "Moyenne sur les 4 dernières semaines complètes de : ménages avec au moins une visite cette semaine / ménages inscrits à la fin de cette semaine.",
        "en": "Mean over the last 4 complete weeks of households with at least one visit that week / households registered at the end of that week.",
    },
    "metric.contributor_share": {"nl": "Bijdragers", "fr": "Contributeurs", "en": "Contributors"},
    "metric.contributor_share.help": {
        "nl": "Geregistreerde huishoudens die ooit een bericht plaatsten, reageerden of op een activiteit antwoordden / geregistreerde huishoudens.",
        "fr": "Ménages inscrits ayant déjà publié, réagi ou répondu à une activité / ménages inscrits.",
        "en": "Registered households that ever posted, reacted or answered an event / households registered.",
    },
    "metric.interactions_total": {"nl": "Interacties", "fr": "Interactions", "en": "Interactions"},
    "metric.interactions_total.help": {
        "nl": "Berichten + reacties + bedankjes + antwoorden op activiteiten in de periode.",
        "fr": "Messages + réactions + remerciements + réponses aux activités sur la période.",
        "en": "Posts + reactions + appreciations (thanks) + event responses in the period.",
    },
    "metric.interactions_per_household": {
        "nl": "Interacties per huishouden",
        "fr": "Interactions par ménage",
        "en": "Interactions per household",
    },
    "metric.interactions_per_household.help": {
        "nl": "Interacties / geregistreerde huishoudens.",
        "fr": "Interactions / ménages inscrits.",
        "en": "Interactions / households registered.",
    },
    "metric.events_organised": {
        "nl": "Georganiseerde activiteiten",
        "fr": "Activités organisées",
        "en": "Events organised",
    },
    "metric.events_organised.help": {
        "nl": "Activiteiten die bewoners in de periode aanmaakten.",
        "fr": "Activités créées par des habitants sur la période.",
        "en": "Events residents created in the period.",
    },
    "metric.event_interested": {"nl": "Geïnteresseerd", "fr": "Intéressés", "en": "Interested"},
    "metric.event_interested.help": {
        "nl": "Antwoorden 'geïnteresseerd' op activiteiten, van huishoudens in de selectie.",
        "fr": "Réponses « intéressé » aux activités, des ménages de la sélection.",
        "en": "'Interested' answers to events by households in the selection.",
    },
    "metric.event_attending": {"nl": "Aanwezig", "fr": "Présents", "en": "Attending"},
    "metric.event_attending.help": {
        "nl": "Antwoorden 'ik ben erbij' op activiteiten, van huishoudens in de selectie.",
        "fr": "Réponses « je serai présent » aux activités, des ménages de la sélection.",
        "en": "'Attending' answers to events by households in the selection.",
    },
    # --- buurten page --------------------------------------------------------------------------
    "buurten.title": {"nl": "Buurten", "fr": "Quartiers", "en": "Neighbourhoods"},
    "buurten.tab.table": {
        "nl": "Alle buurten",
        "fr": "Tous les quartiers",
        "en": "All neighbourhoods",
    },
    "buurten.tab.detail": {"nl": "Eén buurt", "fr": "Un quartier", "en": "One neighbourhood"},
    "buurten.tab.compare": {"nl": "Vergelijken", "fr": "Comparer", "en": "Compare"},
    "buurten.table_help": {
        "nl": "Klik op een kolomkop om te sorteren. 'Recent' = laatste 4 volledige weken. Cellen met minder dan {k} huishoudens of items tonen '< {k}'.",
        "fr": "Cliquez sur un en-tête pour trier. « Récent » = 4 dernières semaines complètes. Les cellules de moins de {k} ménages ou éléments affichent « < {k} ».",
        "en": "Click a column header to sort. 'Recent' = last 4 complete weeks. Cells counting fewer than {k} households or items show '< {k}'.",
    },
    "buurten.col.name": {"nl": "Buurt", "fr": "Quartier", "en": "Neighbourhood"},
    "buurten.col.code": {"nl": "Code", "fr": "Code", "en": "Code"},
    "buurten.col.contributors": {
        "nl": "Bijdragende huishoudens",
        "fr": "Ménages contributeurs",
        "en": "Contributing households",
    },
    "buurten.choose": {
        "nl": "Kies een buurt",
        "fr": "Choisissez un quartier",
        "en": "Choose a neighbourhood",
    },
    "buurten.compare_choose": {
        "nl": "Kies 2 tot 6 buurten",
        "fr": "Choisissez 2 à 6 quartiers",
        "en": "Choose 2 to 6 neighbourhoods",
    },
    "buurten.compare_hint": {
        "nl": "Kies minstens twee buurten om ze naast elkaar te zien.",
        "fr": "Choisissez au moins deux quartiers pour les voir côte à côte.",
        "en": "Choose at least two neighbourhoods to see them side by side.",
    },
    "form.choose": {"nl": "Maak een keuze", "fr": "Faites un choix", "en": "Choose"},
    "table.download_csv": {
        "nl": "Download als CSV",
        "fr": "Télécharger en CSV",
        "en": "Download as CSV",
    },
    # --- admin page ----------------------------------------------------------------------------
    "admin.title": {"nl": "Beheer", "fr": "Administration", "en": "Administration"},
    "admin.tab.users": {"nl": "Gebruikers", "fr": "Utilisateurs", "en": "Users"},
    "admin.tab.buurten": {"nl": "Buurten", "fr": "Quartiers", "en": "Neighbourhoods"},
    "admin.tab.settings": {"nl": "Instellingen", "fr": "Paramètres", "en": "Settings"},
    "admin.col.username": {"nl": "Gebruikersnaam", "fr": "Nom d'utilisateur", "en": "Username"},
    "admin.col.name": {"nl": "Naam", "fr": "Nom", "en": "Name"},
    "admin.col.email": {"nl": "E-mail", "fr": "E-mail", "en": "Email"},
    "admin.col.roles": {"nl": "Rollen", "fr": "Rôles", "en": "Roles"},
    "admin.col.language": {"nl": "Taal", "fr": "Langue", "en": "Language"},
    "admin.col.active": {"nl": "Actief", "fr": "Actif", "en": "Active"},
    "admin.add_user": {
        "nl": "Gebruiker toevoegen",
        "fr": "Ajouter un utilisateur",
        "en": "Add user",
    },
    "admin.edit_user": {
        "nl": "Gebruiker wijzigen",
        "fr": "Modifier un utilisateur",
        "en": "Edit user",
    },
    "admin.password": {"nl": "Wachtwoord", "fr": "Mot de passe", "en": "Password"},
    "admin.new_password": {
        "nl": "Nieuw wachtwoord",
        "fr": "Nouveau mot de passe",
        "en": "New password",
    },
    "admin.password_help": {
        "nl": "12 tot 72 bytes. Een zin van een paar woorden is sterk en goed te onthouden.",
        "fr": "12 à 72 octets. Une phrase de quelques mots est solide et facile à retenir.",
        "en": "12 to 72 bytes. A sentence of a few words is strong and easy to remember.",
    },
    "admin.reset_password": {
        "nl": "Wachtwoord opnieuw instellen",
        "fr": "Réinitialiser le mot de passe",
        "en": "Reset password",
    },
    "admin.password_reset": {
        "nl": "Het wachtwoord is gewijzigd.",
        "fr": "Le mot de passe a été modifié.",
        "en": "The password was changed.",
    },
    "admin.save": {"nl": "Opslaan", "fr": "Enregistrer", "en": "Save"},
    "admin.saved": {"nl": "Opgeslagen.", "fr": "Enregistré.", "en": "Saved."},
    "admin.user_added": {
        "nl": "De gebruiker is toegevoegd.",
        "fr": "L'utilisateur a été ajouté.",
        "en": "The user was added.",
    },
    "admin.current_values": {
        "nl": "Huidige gegevens: {name} — {roles}",
        "fr": "Données actuelles : {name} — {roles}",
        "en": "Current values: {name} — {roles}",
    },
    "admin.load_current": {
        "nl": "Huidige gegevens laden",
        "fr": "Charger les données actuelles",
        "en": "Load current values",
    },
    "admin.add_buurt": {
        "nl": "Buurt toevoegen",
        "fr": "Ajouter un quartier",
        "en": "Add neighbourhood",
    },
    "admin.edit_buurt": {
        "nl": "Buurt wijzigen",
        "fr": "Modifier un quartier",
        "en": "Edit neighbourhood",
    },
    "admin.k_threshold": {
        "nl": "Drempel k voor kleine aantallen",
        "fr": "Seuil k des petits effectifs",
        "en": "Small-count threshold k",
    },
    "admin.k_threshold_help": {
        "nl": "Elke cel per buurt, onderwerp, week of antwoord met minder dan k huishoudens of items wordt getoond als '< k'.",
        "fr": "Toute cellule par quartier, sujet, semaine ou réponse comptant moins de k ménages ou éléments s'affiche « < k ».",
        "en": "Any cell per buurt, topic, week or answer counting fewer than k households or items is shown as '< k'.",
    },
    # --- errors --------------------------------------------------------------------------------
    "error.stale_edit": {
        "nl": "Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen; wat u typte staat nog in het formulier. Bekijk de huidige gegevens en probeer opnieuw.",
        "fr": "Quelqu'un d'autre a modifié ceci entre-temps. Votre modification n'a pas été enregistrée ; ce que vous avez saisi reste dans le formulaire. Consultez les données actuelles et réessayez.",
        "en": "Someone else changed this in the meantime. Your change was not saved; what you typed is still in the form. Look at the current values and try again.",
    },
    "error.password_length": {
        "nl": "Het wachtwoord moet 12 tot 72 bytes lang zijn.",
        "fr": "Le mot de passe doit compter de 12 à 72 octets.",
        "en": "The password must be 12 to 72 bytes long.",
    },
    "error.roles_required": {
        "nl": "Kies minstens één rol.",
        "fr": "Choisissez au moins un rôle.",
        "en": "Choose at least one role.",
    },
    "error.required_fields": {
        "nl": "Vul alle verplichte velden in.",
        "fr": "Remplissez tous les champs obligatoires.",
        "en": "Fill in every required field.",
    },
    "error.language": {
        "nl": "Onbekende taal.",
        "fr": "Langue inconnue.",
        "en": "Unknown language.",
    },
    "error.username_taken": {
        "nl": "Deze gebruikersnaam bestaat al.",
        "fr": "Ce nom d'utilisateur existe déjà.",
        "en": "This username already exists.",
    },
    "error.not_found": {
        "nl": "Niet gevonden; misschien is het verwijderd.",
        "fr": "Introuvable ; peut-être supprimé.",
        "en": "Not found; it may have been removed.",
    },
    "error.cannot_demote_self": {
        "nl": "U kunt uw eigen beheerdersrol niet intrekken of uzelf deactiveren.",
        "fr": "Vous ne pouvez pas retirer votre propre rôle d'administrateur ni vous désactiver.",
        "en": "You cannot remove your own admin role or deactivate yourself.",
    },
    "error.buurt_code": {
        "nl": "De code mag alleen letters, cijfers, - en _ bevatten (max. 32 tekens).",
        "fr": "Le code ne peut contenir que des lettres, chiffres, - et _ (32 caractères max.).",
        "en": "The code may contain only letters, digits, - and _ (32 characters at most).",
    },
    "error.buurt_code_taken": {
        "nl": "Deze buurtcode bestaat al.",
        "fr": "Ce code de quartier existe déjà.",
        "en": "This buurt code already exists.",
    },
    "error.households": {
        "nl": "Het aantal huishoudens moet minstens 1 zijn.",
        "fr": "Le nombre de ménages doit être d'au moins 1.",
        "en": "The number of households must be at least 1.",
    },
}
