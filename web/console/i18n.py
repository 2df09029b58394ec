"""Interface texts: English is the key, German the translation (German is the default)."""

from __future__ import annotations

import re
from typing import Any

GERMAN: dict[str, str] = {
    # layout and navigation
    "Main": "Hauptnavigation", "Queue": "Warteschlange", "Dashboard": "Dashboard",
    "Admin": "Verwaltung", "Log in": "Anmelden", "Log out": "Abmelden", "Back": "Zurück",
    "setter": "Setter", "closer": "Closer", "admin": "Admin",
    "Email": "E-Mail", "Password": "Passwort",
    "Wrong email or password.": "E-Mail oder Passwort ist falsch.",
    "The form has expired. Please try again.": "Das Formular ist abgelaufen. Bitte erneut versuchen.",
    "Too many failed logins. Please try again in {minutes} min.":
        "Zu viele fehlgeschlagene Anmeldungen. Bitte in {minutes} Min. erneut versuchen.",
    # errors
    "Not allowed": "Nicht erlaubt", "Not found": "Nicht gefunden",
    "That did not work": "Das hat nicht geklappt",
    "This page is not open to your role.": "Diese Seite ist für Ihre Rolle nicht freigegeben.",
    "This action is not open to your role.": "Diese Aktion ist für Ihre Rolle nicht freigegeben.",
    "There is no such lead, or it is not yours to see.":
        "Diesen Lead gibt es nicht, oder er ist nicht für Sie freigegeben.",
    "There is no such action.": "Diese Aktion gibt es nicht.",
    "The form has expired or did not come from the console. Reload the page and try again.":
        "Das Formular ist abgelaufen oder kam nicht aus der Konsole. Seite neu laden und "
        "erneut versuchen.",
    "You cannot change this login.": "Diesen Zugang können Sie nicht ändern.",
    "There is no such page in the console.": "Diese Seite gibt es in der Konsole nicht.",
    "The address holds a value the console cannot use. Go back and use the console's links.":
        "Die Adresse enthält einen Wert, mit dem die Konsole nichts anfangen kann. Gehen Sie "
        "zurück und nutzen Sie die Links der Konsole.",
    # queue
    "My leads": "Meine Leads", "Export CSV": "CSV exportieren", "Search": "Suche",
    "Name, email or company": "Name, E-Mail oder Firma", "Band": "Band",
    "All bands": "Alle Bänder", "Stage": "Phase", "Open stages": "Offene Phasen",
    "Channel": "Kanal", "All channels": "Alle Kanäle",
    "New since yesterday": "Neu seit gestern", "Reactivation due": "Reaktivierung fällig",
    "Taken over by me": "Von mir übernommen",
    "Filter": "Filtern", "Reset": "Zurücksetzen", "Score": "Score", "Lead": "Lead",
    "Last activity": "Letzte Aktivität", "Next action": "Nächster Schritt",
    "Live conversation": "Gespräch läuft gerade", "live": "live", "Pages": "Seiten",
    "Previous": "Zurück", "Next": "Weiter", "Page {page} of {pages}": "Seite {page} von {pages}",
    "No leads match these filters.": "Keine Leads passen zu diesen Filtern.",
    # values
    "hot": "heiß", "warm": "warm", "cold": "kalt",
    "new": "neu", "engaged": "im Gespräch", "mql": "MQL", "sql": "SQL",
    "handed_off": "übergeben", "won": "gewonnen", "lost": "verloren", "nurture": "pflegen",
    "disqualified": "disqualifiziert",
    "web": "Web", "email": "E-Mail", "api": "API", "import": "Import",
    "budget": "Budget", "authority": "Entscheidung", "need": "Bedarf", "timing": "Zeitplan",
    "known": "bekannt", "missing": "fehlt", "conflicting": "widersprüchlich",
    "ask": "fragen", "handoff": "übergeben", "reactivate": "reaktivieren",
    "disqualify": "disqualifizieren", "close": "abschließen",
    "lead": "Lead", "bot": "Bot", "human": "Mitarbeiter", "setter_role": "Setter",
    "rules": "Regeln", "llm": "LLM", "form": "Formular", "chat": "Chat",
    "month": "Monat", "year": "Jahr", "one_off": "einmalig",
    "decision_maker": "entscheidet", "influencer": "bereitet vor", "no_authority":
        "entscheidet nicht",
    "now": "sofort (30 Tage)", "soon": "bald (bis 4 Monate)", "later": "später",
    "none": "kein Zeitplan",
    "email_domain": "E-Mail-Domain", "company": "Firma", "industry": "Branche",
    "source": "Quelle",
    "page_view": "Seitenaufruf", "time_on_site": "Zeit auf der Seite",
    "email_opened": "E-Mail geöffnet", "email_clicked": "E-Mail geklickt",
    "email_unopened": "E-Mail ungeöffnet", "email_bounced": "E-Mail unzustellbar",
    "email_opt_out": "E-Mail abbestellt", "download": "Download",
    "whitepaper_download": "Whitepaper geladen", "webinar_attended": "Webinar besucht",
    "form_submitted": "Formular gesendet", "quote_requested": "Angebot angefragt",
    "meeting_booked": "Termin gebucht", "sales_call_no_close": "Verkaufsgespräch ohne Abschluss",
    "reply_received": "Antwort erhalten", "chat_started": "Chat begonnen",
    "chat_message": "Chat-Nachricht", "re_engagement": "wieder aktiv",
    # lead page
    "Transcript": "Gesprächsverlauf", "No messages yet.": "Noch keine Nachrichten.",
    "{count} earlier messages are not shown here; the lead's data export holds every message.":
        "{count} frühere Nachrichten werden hier nicht gezeigt; der Datenexport des Leads "
        "enthält alle.",
    "Open questions": "Offene Fragen", "None.": "Keine.", "Behaviour": "Verhalten",
    "No events yet.": "Noch keine Ereignisse.", "History": "Verlauf", "LLM calls": "LLM-Aufrufe",
    "tokens": "Tokens", "Tokens": "Tokens", "Time": "Zeit", "Model": "Modell",
    "Outcome": "Ergebnis", "Closer": "Closer", "Reactivate on": "Reaktivieren am",
    "Score over time": "Score im Zeitverlauf", "Reasons": "Gründe",
    "No reasons yet.": "Noch keine Gründe.", "unknown": "unbekannt", "confidence": "Sicherheit",
    "{n} earlier values": "{n} frühere Werte", "Correct": "Korrigieren",
    "Minimum": "Minimum", "Maximum": "Maximum", "Currency": "Währung", "Period": "Zeitraum",
    "no budget": "kein Budget", "Level": "Ebene", "Role": "Rolle", "Need": "Bedarf",
    "yes": "ja", "no": "nein", "Summary": "Zusammenfassung", "Horizon": "Horizont",
    "Deadline": "Termin", "Note": "Notiz", "Why, or what the lead said":
        "Warum, oder was der Lead gesagt hat",
    "Save correction": "Korrektur speichern", "Actions": "Aktionen",
    "Saved: {what}": "Gespeichert: {what}", "Hand off to a closer": "An einen Closer übergeben",
    "Summary for the closer": "Zusammenfassung für den Closer", "Hand off": "Übergeben",
    "Disqualify": "Disqualifizieren", "Reason": "Grund", "other (write below)":
        "anderer (unten eintragen)", "Details": "Details",
    "Blacklist rule from this lead": "Blacklist-Regel aus diesem Lead",
    "Pattern": "Muster", "email domain": "E-Mail-Domain", "Add rule": "Regel anlegen",
    "Reactivate later": "Später reaktivieren", "On": "Am", "Schedule": "Einplanen",
    "Won or lost": "Gewonnen oder verloren", "Save": "Speichern", "Add note": "Notiz hinzufügen",
    "no need": "kein Bedarf", "not the decision maker": "nicht der Entscheider",
    "wrong industry": "falsche Branche", "competitor": "Wettbewerber",
    "fake or spam": "Fake oder Spam", "student or job seeker": "Student oder Jobsuche",
    "action.correct": "Fakt korrigiert", "action.correct_fact": "Fakt korrigiert",
    "action.handoff": "übergeben", "action.disqualify": "disqualifiziert",
    "action.blacklist": "Blacklist-Regel", "action.reactivate": "Reaktivierung geplant",
    "action.note": "Notiz", "action.close": "abgeschlossen", "action.won": "gewonnen",
    "action.lost": "verloren",
    "Live chat": "Live-Chat", "You hold this conversation; the bot is silent.":
        "Sie führen dieses Gespräch; der Bot schweigt.",
    "Your answer to the lead": "Ihre Antwort an den Lead", "Send": "Senden",
    "Hand back to the bot": "An den Bot zurückgeben", "Take over": "Übernehmen",
    "{who} holds this conversation.": "{who} führt dieses Gespräch.",
    "The bot falls silent and your answers reach the lead live.":
        "Der Bot schweigt, Ihre Antworten erreichen den Lead sofort.",
    "action.takeover": "Gespräch übernommen", "action.handback": "an den Bot zurückgegeben",
    # email drafts
    "Drafts": "Entwürfe", "{n} waiting for approval": "{n} warten auf Freigabe",
    "Email drafts": "E-Mail-Entwürfe",
    "Follow-ups drafted from email replies and due reactivations wait here until someone "
    "approves (sends) or discards them.":
        "Nachfassmails zu E-Mail-Antworten und fälligen Reaktivierungen warten hier, bis jemand "
        "sie freigibt (sendet) oder verwirft.",
    "Draft saved.": "Entwurf gespeichert.", "Email sent.": "E-Mail gesendet.",
    "Draft discarded.": "Entwurf verworfen.",
    "Sending email is not set up (SETTER_SMTP_URL): drafts can be edited and discarded, not sent.":
        "Der E-Mail-Versand ist nicht eingerichtet (SETTER_SMTP_URL): Entwürfe lassen sich "
        "bearbeiten und verwerfen, aber nicht senden.",
    "To": "An", "draft.reply": "Antwort auf eine E-Mail", "draft.reactivation": "Reaktivierung",
    "created": "erstellt", "due since": "fällig seit", "not sent": "nicht gesendet", "Why": "Warum",
    "What the lead wrote": "Was der Lead geschrieben hat", "Last attempt": "Letzter Versuch",
    "Edited by {who}": "Bearbeitet von {who}", "Subject": "Betreff", "Text": "Text",
    "Approve and send": "Freigeben und senden", "Discard": "Verwerfen",
    "Reason (optional)": "Grund (optional)", "Discard draft": "Entwurf verwerfen",
    "No drafts are waiting.": "Keine Entwürfe warten auf Freigabe.",
    "There is no such draft, or it is not yours to see.":
        "Diesen Entwurf gibt es nicht, oder er ist nicht für Sie freigegeben.",
    "The lead asked not to be contacted: this email cannot be sent. Discard the draft.":
        "Der Lead möchte nicht kontaktiert werden: Diese E-Mail kann nicht gesendet werden. "
        "Bitte den Entwurf verwerfen.",
    "The lead has no email address to send to.": "Der Lead hat keine E-Mail-Adresse.",
    "This draft has already been sent or discarded, or someone else is sending it right now.":
        "Dieser Entwurf wurde schon gesendet oder verworfen, oder jemand anderes sendet ihn "
        "gerade.",
    "Sending email is not set up: set SETTER_SMTP_URL and restart. The draft is kept.":
        "Der E-Mail-Versand ist nicht eingerichtet: SETTER_SMTP_URL setzen und neu starten. "
        "Der Entwurf bleibt erhalten.",
    "The mail server did not take the email. The draft is kept; try again later.":
        "Der Mailserver hat die E-Mail nicht angenommen. Der Entwurf bleibt erhalten; bitte "
        "später erneut versuchen.",
    "Subject and text must not be empty (subject up to 300 characters, text up to 20,000).":
        "Betreff und Text dürfen nicht leer sein (Betreff bis 300 Zeichen, Text bis 20.000).",
    "action.draft_edit": "E-Mail-Entwurf bearbeitet", "action.draft_sent": "E-Mail gesendet",
    "action.draft_discard": "E-Mail-Entwurf verworfen",
    # data protection
    "Data protection": "Datenschutz", "Export data (JSON)": "Daten exportieren (JSON)",
    "Erase personal data…": "Personenbezogene Daten löschen …",
    "Erase personal data": "Personenbezogene Daten löschen",
    "This lead's personal data has already been erased.":
        "Die personenbezogenen Daten dieses Leads sind bereits gelöscht.",
    "This lead's personal data has been erased.":
        "Die personenbezogenen Daten dieses Leads wurden gelöscht.",
    "The lead asked for their data to be erased.":
        "Der Lead hat um Löschung seiner Daten gebeten.",
    "Erasing deletes the profile, the conversations and messages, facts, events, emails, drafts "
    "and webhook deliveries of this lead. An anonymous entry with stage and score stays for the "
    "statistics. This cannot be undone.":
        "Das Löschen entfernt Profil, Gespräche und Nachrichten, Fakten, Ereignisse, E-Mails, "
        "Entwürfe und Webhook-Zustellungen dieses Leads. Ein anonymer Eintrag mit Phase und Score "
        "bleibt für die Statistik. Das lässt sich nicht rückgängig machen.",
    "Data": "Daten", "Rows": "Einträge",
    "Export the data first if the lead asked for a copy.":
        "Vorher die Daten exportieren, falls der Lead eine Kopie verlangt hat.",
    "Type {word} to confirm": "Zur Bestätigung {word} eingeben", "ERASE": "LÖSCHEN",
    "Erase for good": "Endgültig löschen", "Cancel": "Abbrechen",
    "Type the word exactly as shown to confirm.":
        "Zur Bestätigung das angezeigte Wort genau so eingeben.",
    "The lead's personal data was erased; an anonymous entry stays for the statistics.":
        "Die personenbezogenen Daten des Leads wurden gelöscht; ein anonymer Eintrag bleibt für "
        "die Statistik.",
    "erased": "gelöscht", "Erasure requests": "Löschanfragen", "Asked via": "Angefragt über",
    "Leads who asked in chat or email for their data to be deleted. They are not contacted any "
    "more; erase them after checking.":
        "Leads, die im Chat oder per E-Mail um Löschung ihrer Daten gebeten haben. Sie werden "
        "nicht mehr kontaktiert; nach Prüfung löschen.",
    "Erase…": "Löschen …", "No erasure requests.": "Keine Löschanfragen.",
    "action.export": "Daten exportiert", "action.erase": "personenbezogene Daten gelöscht",
    "table.conversations": "Gespräche", "table.messages": "Nachrichten", "table.facts": "Fakten",
    "table.events": "Ereignisse", "table.score_snapshots": "Score-Verlauf",
    "table.stage_transitions": "Phasenwechsel (Gründe werden geleert)",
    "table.llm_calls": "LLM-Aufrufe", "table.webhook_deliveries": "Webhook-Zustellungen",
    "table.email_messages": "E-Mails", "table.email_drafts": "E-Mail-Entwürfe",
    "table.lead_actions": "Aktionen", "table.lead_questions": "Fragen des Leads",
    # dashboard
    "Leads per stage": "Leads pro Phase",
    "Conversion by band (closed leads)": "Abschlussquote nach Band (abgeschlossene Leads)",
    "Qualification": "Qualifizierung",
    "Median time to first qualification": "Median bis zur ersten Qualifizierung",
    "Qualified by the bot without a person": "Vom Bot ohne Mitarbeiter qualifiziert",
    "hours": "Stunden", "minutes": "Minuten", "days": "Tage",
    # admin
    "Users": "Benutzer", "Blacklist": "Blacklist", "Webhooks": "Webhooks",
    "Scoring model": "Scoring-Modell", "Language": "Sprache", "Status": "Status",
    "active": "aktiv", "disabled": "gesperrt", "Disable": "Sperren", "Enable": "Freigeben",
    "Add a user": "Benutzer anlegen", "Add": "Anlegen",
    "Password (empty: generate one)": "Passwort (leer: wird erzeugt)",
    "New password (shown once)": "Neues Passwort (wird nur einmal angezeigt)",
    "Kind": "Art", "Disqualified": "Disqualifiziert", "Delete": "Löschen",
    "No rules yet.": "Noch keine Regeln.", "Add a rule": "Regel anlegen", "URLs": "URLs",
    "none configured (SETTER_WEBHOOK_URLS)": "keine konfiguriert (SETTER_WEBHOOK_URLS)",
    "Event": "Ereignis", "Attempts": "Versuche", "Last error": "Letzter Fehler",
    "Retry": "Erneut senden", "No deliveries yet.": "Noch keine Zustellungen.",
    "Edit the file and restart the server; SETTER_SCORING_MODEL points at your copy.":
        "Datei bearbeiten und den Server neu starten; SETTER_SCORING_MODEL zeigt auf Ihre Kopie.",
}


ENGLISH: dict[str, str] = {
    "action.export": "data exported", "action.erase": "personal data erased",
    "table.conversations": "conversations", "table.messages": "messages", "table.facts": "facts",
    "table.events": "events", "table.score_snapshots": "score history",
    "table.stage_transitions": "stage changes (reasons blanked)", "table.llm_calls": "LLM calls",
    "table.webhook_deliveries": "webhook deliveries", "table.email_messages": "emails",
    "table.email_drafts": "email drafts", "table.lead_actions": "actions",
    "table.lead_questions": "the lead's questions",
    "draft.reply": "reply to an email", "draft.reactivation": "reactivation",
    "action.draft_edit": "email draft edited", "action.draft_sent": "email sent",
    "action.draft_discard": "email draft discarded",
    "action.correct": "fact corrected", "action.correct_fact": "fact corrected",
    "action.handoff": "handed off", "action.disqualify": "disqualified",
    "action.blacklist": "blacklist rule", "action.reactivate": "reactivation scheduled",
    "action.note": "note", "action.close": "closed", "action.takeover": "took the chat over",
    "action.handback": "handed the chat back", "action.won": "won", "action.lost": "lost",
    "handed_off": "handed off", "one_off": "one-off", "decision_maker": "decides",
    "influencer": "prepares, does not decide", "no_authority": "does not decide",
    "email_domain": "email domain", "setter_role": "setter", "mql": "MQL", "sql": "SQL",
}


KEY = re.compile(r"[a-z]+\.([a-z0-9_]+)")  # a namespaced key such as "table.lead_actions"


def translate(lang: str, text: str, **values: Any) -> str:
    """`text` in `lang` (German, or English as written), with `{name}` values filled in. A
    namespaced key nobody translated yet (a table added later) reads as its words, never as
    the raw key: "table.contact_consents" becomes "contact consents"."""
    phrase = (GERMAN if lang == "de" else ENGLISH).get(text)
    if phrase is None:
        key = KEY.fullmatch(text)
        phrase = key.group(1).replace("_", " ") if key else text
    return phrase.format(**values) if values else phrase
