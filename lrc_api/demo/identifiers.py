"""Synthetic personal data for the demo: names, citizen ID numbers, credit codes and phones.

Every identifier passes the platform's own checks — GB 11643 for ID numbers (province, birth date,
check character), GB 32100 for credit codes (authority, category, division, check character) —
yet belongs to nobody: the demo draws them from a seeded generator, so a run always makes the
same ones. Their prefixes keep clear of the test factories' (birthplaces other than 370830;
credit codes whose serial starts ``MA``, which hexadecimal factories never make).
"""

from __future__ import annotations

import datetime as dt
import random

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志新海燕玲云飞亮健宁欣晨婷雪梅凯琳斌浩波帆宇然佳瑞博文慧颖"
_MOBILE_PREFIXES = (
    "139",
    "138",
    "137",
    "136",
    "135",
    "159",
    "158",
    "188",
    "187",
    "186",
    "177",
    "153",
)


def citizen_id(body17: str) -> str:
    """The 18-character ID number whose first 17 digits are ``body17`` (GB 11643 5.5)."""
    total = sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=True))
    return body17 + _ID_CHECK[total % 11]


def uscc(body17: str) -> str:
    """The 18-character credit code whose first 17 characters are ``body17`` (GB 32100)."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body17, _USCC_WEIGHTS, strict=True))
    return body17 + _USCC_CHARS[(31 - total % 31) % 31]


class Synthetic:
    """A seeded source of synthetic people and companies: the same seed, the same values.

    ``division`` is the six-digit administrative division of a jurisdiction (370830, 310112):
    it heads the credit codes registered there. People are born elsewhere nearby (``birthplaces``).
    """

    def __init__(self, seed: int, division: str, birthplaces: tuple[str, ...]) -> None:
        self._rng = random.Random(seed)
        self._division = division
        self._birthplaces = birthplaces
        self._serial = 0
        self._names: set[str] = set()
        self._ids: set[str] = set()
        self._phones: set[str] = set()

    def name(self) -> str:
        """A two- or three-character Chinese name, different from the ones given before."""
        while True:
            given = "".join(self._rng.sample(_GIVEN, self._rng.choice((1, 2, 2))))
            name = self._rng.choice(_SURNAMES) + given
            if name not in self._names:
                self._names.add(name)
                return name

    def id_number(self, born_from: int = 1968, born_to: int = 1998, male: bool = True) -> str:
        """A valid citizen ID number of a person born in those years (never the same twice)."""
        while True:
            born = dt.date(self._rng.randint(born_from, born_to), 1, 1) + dt.timedelta(
                days=self._rng.randrange(365)
            )
            seq = self._rng.randrange(50) * 2 + (1 if male else 0)
            body = f"{self._rng.choice(self._birthplaces)}{born:%Y%m%d}{seq:03d}"
            number = citizen_id(body)
            if number not in self._ids:
                self._ids.add(number)
                return number

    def phone(self) -> str:
        """A mainland mobile number (1[3-9] + 9 digits), never the same twice."""
        while True:
            number = self._rng.choice(_MOBILE_PREFIXES) + f"{self._rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def credit_code(self) -> str:
        """A company's credit code (authority 9, category 1) registered in the division."""
        self._serial += 1
        body = f"91{self._division}MA{self._serial:03d}{self._rng.choice('0123456789ABCDEF')}"
        return uscc(body + "".join(self._rng.choice("0123456789") for _ in range(17 - len(body))))
