"""The 256-byte UCS-2LE text block of resident ID cards, foreign permanent resident cards
('I') and Hong Kong/Macao/Taiwan residence permits ('J'), and the read answer around it.

The photo is 1024 bytes of encrypted WLT data; decoding it needs a vendor library
we do not have, so it is kept as bytes and ``PHOTO_DECODABLE`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from devices.base import PersonIdentity, ProtocolError

__all__ = ["NATIONS", "SEXES", "CardText", "ReadResult", "parse_text", "build_text",
           "parse_read", "build_read_payload", "PHOTO_DECODABLE", "PHOTO_NOTE", "id_check_digit"]

PHOTO_DECODABLE = False
PHOTO_NOTE = "The card photo is encrypted (WLT); no open decoder exists, so it is not shown."
TEXT_LEN, PHOTO_LEN, FP_LEN = 256, 1024, 1024

SEXES = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}
NATIONS = dict(enumerate(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 "
    "保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺".split(), start=1))
NATIONS.update({97: "其他", 98: "外国血统中国籍人士"})

# field name -> (offset, length) in bytes
RESIDENT = {"name": (0, 30), "sex": (30, 2), "nation": (32, 4), "birth": (36, 16),
            "address": (52, 70), "id_number": (122, 36), "issuer": (158, 30),
            "valid_from": (188, 16), "valid_to": (204, 16)}
PERMIT = {**RESIDENT, "pass_number": (220, 18), "issue_count": (238, 4)}
FOREIGN = {"name_en": (0, 120), "sex": (120, 2), "id_number": (122, 30), "nationality": (152, 6),
           "name": (158, 30), "valid_from": (188, 16), "valid_to": (204, 16), "birth": (220, 16),
           "version": (236, 4), "issuer": (240, 8)}
FLAG = (248, 2)


@dataclass(frozen=True)
class CardText:
    kind: str                     # "resident" | "permit_hmt" | "foreign"
    name: str
    sex: str
    nation: str
    birth: str
    address: str
    id_number: str
    issuer: str
    valid_from: str
    valid_to: str
    extra: dict[str, str] = field(default_factory=dict)

    def identity(self) -> PersonIdentity:
        # issuer and validity dates: what only the card holds, the service's proof that it was read
        return PersonIdentity("idcard", self.id_number, self.name, self.sex, self.birth,
                              {"kind": self.kind, "issuer": self.issuer,
                               "valid_from": self.valid_from, "valid_to": self.valid_to})

    def __repr__(self) -> str:
        return f"CardText(kind={self.kind!r}, <personal data hidden>)"


@dataclass(frozen=True, repr=False)
class ReadResult:
    text: CardText
    photo: bytes
    fingerprint: bytes = b""


def _field(block: bytes, offset: int, length: int) -> str:
    try:
        return block[offset:offset + length].decode("utf-16-le").strip(" \x00")
    except UnicodeDecodeError:
        raise ProtocolError(f"field at {offset} is not UCS-2 text") from None


def id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of an 18-digit resident ID number."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights))
    return "10X98765432"[total % 11]


def parse_text(block: bytes) -> CardText:
    if len(block) != TEXT_LEN:
        raise ProtocolError(f"text block is {len(block)} bytes, not {TEXT_LEN}")
    flag = _field(block, *FLAG)
    if flag == "I":
        f = {k: _field(block, *v) for k, v in FOREIGN.items()}
        return CardText("foreign", f["name"] or f["name_en"], SEXES.get(f["sex"], f["sex"]),
                        f["nationality"], f["birth"], "", f["id_number"], f["issuer"],
                        f["valid_from"], f["valid_to"],
                        {"name_en": f["name_en"], "nationality": f["nationality"],
                         "version": f["version"]})
    spec = PERMIT if flag == "J" else RESIDENT
    f = {k: _field(block, *v) for k, v in spec.items()}
    try:
        nation = NATIONS.get(int(f["nation"]), f["nation"]) if f["nation"] else ""
    except ValueError:
        nation = f["nation"]
    extra = {"pass_number": f["pass_number"], "issue_count": f["issue_count"]} if flag == "J" else {}
    if not f["name"] or not f["id_number"]:
        raise ProtocolError("text block has no name or ID number")
    return CardText("permit_hmt" if flag == "J" else "resident", f["name"],
                    SEXES.get(f["sex"], f["sex"]), nation, f["birth"], f["address"],
                    f["id_number"], f["issuer"], f["valid_from"], f["valid_to"], extra)


def _put(block: bytearray, offset: int, length: int, value: str) -> None:
    raw = value.encode("utf-16-le")[:length]
    raw += " ".encode("utf-16-le") * ((length - len(raw)) // 2)
    block[offset:offset + length] = raw


def build_text(kind: str, **fields: str) -> bytes:
    """The inverse of parse_text (for the emulator and tests); codes, not names, for sex/nation."""
    block = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))
    spec = {"resident": RESIDENT, "permit_hmt": PERMIT, "foreign": FOREIGN}[kind]
    for key, (offset, length) in spec.items():
        _put(block, offset, length, fields.get(key, ""))
    _put(block, *FLAG, {"resident": " ", "permit_hmt": "J", "foreign": "I"}[kind])
    return bytes(block)


def parse_read(data: bytes, with_fingerprint: bool = False) -> ReadResult:
    """The data of a successful read answer: lengths, text, photo (and fingerprint)."""
    head = 6 if with_fingerprint else 4
    if len(data) < head:
        raise ProtocolError("read answer too short for its length fields")
    text_len = (data[0] << 8) | data[1]
    photo_len = (data[2] << 8) | data[3]
    fp_len = ((data[4] << 8) | data[5]) if with_fingerprint else 0
    if text_len != TEXT_LEN or photo_len > PHOTO_LEN or fp_len > FP_LEN:
        raise ProtocolError(f"unexpected block sizes {text_len}/{photo_len}/{fp_len}")
    if len(data) != head + text_len + photo_len + fp_len:
        raise ProtocolError("read answer length does not match its blocks")
    text = data[head:head + text_len]
    photo = data[head + text_len:head + text_len + photo_len]
    return ReadResult(parse_text(text), photo, data[head + text_len + photo_len:])


def build_read_payload(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    out = bytes([len(text) >> 8, len(text) & 0xFF, len(photo) >> 8, len(photo) & 0xFF])
    if fingerprint is not None:
        out += bytes([len(fingerprint) >> 8, len(fingerprint) & 0xFF])
    return out + text + photo + (fingerprint or b"")
