"""The line patterns of quoted history and signatures, in German, English and neighbours."""

from __future__ import annotations

import re

WROTE = (r"wrote|schrieb|a\s+écrit|a\s+ecrit|escribió|escribio|ha\s+scritto|schreef|"
         r"het\s+volgende\s+geschreven|geschreven|skrev|napisał\(a\)|napisała|napisał|escreveu|"
         r"kirjoitti|написал\(а\)|написала|написал|đã\s+viết|skrifaði|írta|yazdı|napsal|scrisse|"
         r"va\s+escriure|kirjutas|sent")
LEAD_WORD = r"(?:on|am|le|el|il|op|den|d\.|w\s+dniu|em|vào|pe|dne|\d{1,4}[./-]?)"
DECOR = re.compile(r"^[-=_*\s]+|[-=_*\s]+$")
ATTRIBUTION_LINE = re.compile(
    rf"^{LEAD_WORD}\b.{{0,400}}?\b(?:{WROTE})\b.{{0,200}}?:?$|"
    rf"^.{{0,300}}\b(?:{WROTE})\s*:$|"
    rf"^.{{0,300}}\b(?:{WROTE})\s+(?:am|on|le|el)\s.{{0,200}}:$|"
    r"^.{0,200}のメッセージ:$|^.{0,200}書きました\s*:?$",
    re.IGNORECASE)
# "30.09.2017, 18.30, "Anna" <a@b.de>:", "2014-03-20 8:48 GMT+01:00 Anna <a@b.de>:"
DATED_ADDRESS = re.compile(r"^(?=.*\d).{0,250}(?:<[^<>\s]+@[^<>\s]+>|\[mailto:[^\]\s]+\]|"
                           r"\b[\w.+-]+@[\w-]+\.[\w.]+)\s*:$")
STARTS_DATED = re.compile(rf"^{LEAD_WORD}\b(?=.*\d)", re.IGNORECASE)
SHARED_ATTRIBUTION = re.compile(rf"\s(?:On|Am|Le|El|Op)\s(?=[^\n]*\d)[^\n]{{5,300}}?\b(?:{WROTE})\s*:\s*$")
SEPARATOR = re.compile(
    r"^[-=_*\s]{0,12}(?:original\s+message|ursprüngliche\s+nachricht|antwort\s+nachricht|"
    r"originalnachricht|weitergeleitete\s+nachricht|forwarded\s+message|begin\s+forwarded\s+message|"
    r"message\s+d'origine|message\s+transféré|mensaje\s+original|mensagem\s+original|"
    r"messaggio\s+originale|messaggio\s+inoltrato|oorspronkelijk\s+bericht|origineel\s+bericht|"
    r"doorgestuurd\s+bericht|originalmeddelande|ursprungligt\s+meddelande|opprinnelig\s+melding|"
    r"oprindelig\s+(?:meddelelse|besked)|original\s+meddelelse|wiadomość\s+oryginalna|"
    r"oryginalna\s+wiadomość|alkuperäinen\s+viesti|исходное\s+сообщение|пересылаемое\s+сообщение|"
    r"reply\s+above\s+this\s+line)[\s:]*[-=_*\s]{0,12}$|"
    # any short phrase between dashes: "-------- Oprindelig besked --------"
    r"^\s*-{3,}\s*[^\W\d_][\w'’ .]{2,40}\s*-{3,}\s*$",
    re.IGNORECASE)
RULE = re.compile(r"^\s*(?:_{10,}|-{10,}|={4,}|\*{10,})\s*$")
SEPARATOR_ONLY = re.compile(r"^[-=_*]{3,}$")
DATED_LABEL = re.compile(r"^[^\W\d_][\w ]{0,30}\s?:\s*.{0,60}\d.*$")
FROM_LINE = re.compile(r"^[*\s]*(?:from|von|de|van|fra|från|od|da|lähettäjä|от|feladó|"
                       r"expéditeur|absender|remitente|mittente|afzender|avsändare|nadawca)"
                       r"\s*:[*\s]*\S", re.IGNORECASE)
HEADER_LINE = re.compile(
    r"^[*\s]*(?:from|von|de|van|fra|från|od|da|lähettäjä|от|sent|gesendet|envoyé|envoye|"
    r"verzonden|sendt|skickat|wysłano|wysłane|inviato|enviado|enviada|lähetetty|отправлено|date|"
    r"datum|dato|data|fecha|päivämäärä|дата|to|an|à|a|aan|til|till|do|para|vastaanottaja|кому|"
    r"subject|betreff|objet|sujet|onderwerp|emne|ämne|temat|oggetto|asunto|assunto|aihe|тема|cc|"
    r"kopie|copie(?:\s+à)?|sent\s+by|reply-to|antwort\s+an|organization|importance|wichtigkeit)"
    r"\s*:", re.IGNORECASE)
MOBILE = re.compile(
    r"^\s*(?:sent\s+(?:from|via|with|using)\s+\S.{0,60}$|get\s+outlook\s+for\b|"
    r"gesendet\s+(?:von|mit|vom|aus)\s+\S.{0,60}$|von\s+meinem\s+\S+(?:\s+\S+)?\s+gesendet|"
    r"envoyé\s+(?:de|depuis|à\s+partir\s+de)\s+\S.{0,60}$|enviado\s+(?:desde|do|de)\s+\S.{0,60}$|"
    r"verzonden\s+(?:vanaf|met|van)\s+\S.{0,60}$|sendt\s+fra\s+\S.{0,60}$|"
    r"skickat\s+från\s+\S.{0,60}$|inviato\s+da\s+\S.{0,60}$|wysłane\s+z\s+\S.{0,60}$|"
    r"lähetetty\s+\S.{0,60}$|отправлено\s+(?:с|из)\s+\S.{0,60}$)", re.IGNORECASE)
FOOTER = re.compile(
    r"^\s*(?:disclaimer\b|confidentiality\s+notice|this\s+e-?mail\s+(?:and\s+any\s+\w+\s+)?"
    r"(?:is|may\s+contain)\s+(?:\w+\s+)?confidential|the\s+information\s+(?:contained\s+)?in\s+"
    r"this\s+(?:e-?mail|message)|diese\s+(?:e-?mail|nachricht)\s+(?:kann\s+|enthält\s+|ist\s+)"
    r"(?:\w+\s+){0,3}(?:vertraulich|informationen)|sitz\s+der\s+gesellschaft|registergericht\b|"
    r"amtsgericht\s+\w+|handelsregister\b|ust-?id|vertretungsberechtigte|"
    r"please\s+consider\s+the\s+environment|bitte\s+denken\s+sie\s+an\s+die\s+umwelt|"
    r"you\s+received\s+this\s+message\s+because|to\s+unsubscribe\b)",
    re.IGNORECASE)
SIG_DASHES = re.compile(r"^(?:--|__|—|-- )\s*$")
QUOTED = re.compile(r"^\s*>")
SIGN_OFF = re.compile(
    r"^(?:best(?:\s+wishes)?|best\s+regards|kind\s+regards|warm(?:est)?\s+regards|regards|"
    r"many\s+thanks|thanks(?:\s+again|\s+a\s+lot|\s+so\s+much)?|thank\s+you(?:\s+very\s+much)?|"
    r"cheers|sincerely|yours(?:\s+(?:truly|sincerely))?|all\s+the\s+best|br|"
    r"mit\s+(?:den\s+)?(?:freundlichen|besten|herzlichen|lieben|vielen)\s+grüßen|mfg|"
    r"(?:viele|beste|liebe|schöne|herzliche|freundliche|sonnige)\s+grüße|grüße|gruß|lg|vg|"
    r"vielen\s+dank(?:\s+und\s+(?:viele|beste)\s+grüße)?|danke(?:\s+schön)?|"
    r"med\s+venlig(?:\s+hilsen)?|venlig\s+hilsen|(?:de\s+)?bedste\s+hilsner|hilsen|mvh|kh|vh|"
    r"med\s+vänliga\s+hälsningar|vänliga\s+hälsningar|hälsningar|med\s+vennlig\s+hilsen|"
    r"met\s+vriendelijke\s+groet(?:en)?|vriendelijke\s+groet(?:en)?|groet(?:en|jes)?|mvg|"
    r"cordialement|bien\s+(?:à\s+vous|cordialement)|salutations|bonne\s+journée|"
    r"saludos(?:\s+cordiales)?|un\s+saludo|atentamente|cordiali\s+saluti|saluti|distinti\s+saluti|"
    r"pozdrawiam|z\s+poważaniem|ystävällisin\s+terveisin|terveisin)"
    r"[\s,.!]*(?:[A-ZÄÖÜ][\w.'-]*(?:\s+[A-ZÄÖÜ][\w.'-]*){0,2})?[\s,.!]*$",
    re.IGNORECASE)
NAME_DASH = re.compile(r"^[-/—–]\s?[A-ZÄÖÜ][\w.'-]*(?:\s+[A-ZÄÖÜ][\w.'-]*){0,2}$")
CONTACT = re.compile(r"@|https?://|www\.|\+?\d[\d ()/.-]{6,}\d|^(?:t|f|m|tel|fax|phone|mobile|"
                     r"mobil|skype|e-?mail|web)\b\.?\s*:?", re.IGNORECASE)
SHORT = 60
MAX_SIGNATURE_LINES = 9


def attribution(lines: list[str], index: int) -> int:
    """How many lines the attribution starting here spans (0: none)."""
    line = DECOR.sub("", lines[index].strip())
    if not line or len(line) > 500:
        return 0
    if ATTRIBUTION_LINE.match(line) and (_dated(line) or line.endswith(":")):
        return 1
    if DATED_ADDRESS.match(line) or (ADDRESS_END.search(line) and _quote_follows(lines, index)):
        return 1
    if len(line) > 200 or re.search(r"[.!?]$", line) or not (
            STARTS_DATED.match(line) or (re.search(r"\d", line) and re.search(r"@|<$", line))):
        return 0
    joined = line
    for offset, follow in enumerate(lines[index + 1:index + 6], 1):
        if re.search(r"[.!?]$", follow.strip()):
            return 0
        joined = f"{joined} {DECOR.sub('', follow.strip().lstrip('> '))}".strip()
        joined = re.sub(r"<\s+", "<", re.sub(r"\s+>", ">", joined))
        if re.search(rf"\b(?:{WROTE})\s*:?$", joined, re.IGNORECASE) or DATED_ADDRESS.match(joined):
            return offset + 1
    return 0


ADDRESS_END = re.compile(r"(?=.*\d).{0,200}<[^<>\s]+@[^<>\s]+>\s*:?$")


def _quote_follows(lines: list[str], index: int) -> bool:
    for line in lines[index + 1:index + 4]:
        if line.strip():
            return bool(QUOTED.match(line))
    return False


def _dated(line: str) -> bool:
    return bool(re.search(r"\d", line)) and bool(re.match(LEAD_WORD, line, re.IGNORECASE))


def starts_history(lines: list[str], index: int, seen_text: bool) -> bool:
    """Separator, mobile signature, `-- `, legal footer or a mail header block."""
    line = lines[index].strip()
    if SEPARATOR.match(line):
        return True
    if RULE.match(line) and _rule_ends_reply(lines, index):
        return True
    if seen_text and (MOBILE.match(line) or SIG_DASHES.match(line) or FOOTER.match(line)):
        return True
    return bool(HEADER_LINE.match(line) and _header_block(lines, index))


def _rule_ends_reply(lines: list[str], index: int) -> bool:
    """A bare rule line ends the reply when a header block or attribution follows, or only
    short lines (a signature, a mailing-list footer)."""
    after = [i for i in range(index + 1, len(lines)) if lines[i].strip()]
    if not after:
        return True
    first = after[0]
    if (HEADER_LINE.match(lines[first].strip()) and _header_block(lines, first)) or \
            attribution(lines, first) or DATED_LABEL.match(lines[first].strip()):
        return True
    return all(len(lines[i].strip()) <= 80 or CONTACT.search(lines[i]) for i in after)


def _header_block(lines: list[str], index: int) -> bool:
    """Two or more mail header lines in a row (one wrapped line allowed), one of them From."""
    found, has_from, gap = 0, False, 0
    for line in lines[index:index + 10]:
        bare = line.strip().lstrip("> ")
        if HEADER_LINE.match(bare):
            found += 1
            has_from = has_from or bool(FROM_LINE.match(bare))
            gap = 0
        elif bare and gap == 0 and found:
            gap = 1
        else:
            break
    return found >= 2 and has_from


def split_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """(reply, signature): a trailing sign-off stays with its name line ("Thanks,\nAlex"),
    the block under it (title, company, phone) is the signature; a bare contact block
    (name, phone, address) after the last paragraph is a signature too."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    if len(content) < 2:
        return lines, []
    for i in content[-MAX_SIGNATURE_LINES:]:
        bare = lines[i].strip()
        rest = [j for j in content if j > i]
        if i == content[0] or not (SIGN_OFF.match(bare) or NAME_DASH.match(bare)):
            continue
        if any(len(lines[j].strip()) > SHORT for j in rest):
            continue
        keep = i + 1
        if rest and not NAME_DASH.match(bare) and NAME.match(lines[rest[0]].strip()):
            keep = rest[0] + 1
        return lines[:keep], lines[keep:]
    return _contact_block(lines, content)


NAME = re.compile(r"^[A-ZÄÖÜ][\w.'-]*(?:\s+[A-ZÄÖÜ][\w.'-]*){0,3}[,.]?$")


def _contact_block(lines: list[str], content: list[int]) -> tuple[list[str], list[str]]:
    """A last paragraph of short lines that starts with a name and holds contact details."""
    start = content[-1]
    while start > 0 and lines[start - 1].strip():
        start -= 1
    block = [lines[i].strip() for i in range(start, content[-1] + 1) if lines[i].strip()]
    if start == content[0] or len(block) > MAX_SIGNATURE_LINES or any(len(b) > SHORT for b in block):
        return lines, []
    if not re.match(r"^[A-ZÄÖÜ][\w.'-]+(?:\s+[A-ZÄÖÜ][\w.'-]+){1,3}$", block[0]):
        return lines, []
    if len(block) >= 2 and (any(CONTACT.search(b) for b in block[1:]) or
                            re.match(r"^(?:via|von|from)\s+\w+$", block[-1], re.I)):
        return lines[:start], lines[start:]
    return lines, []
