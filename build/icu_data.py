"""Qt's ICU data library (Linux) rebuilt with only the data the app can ask for.

PySide6's Linux wheels ship ICU, and ``libicudata.so.<N>`` is one 32 MB array: ICU's
"common data" package (a table of contents, then one item per locale, collation,
converter, dictionary and so on) exported as the symbol ``icudt<N>_dat``. Only Qt
Core calls ICU, and only for collation, case mapping, time-zone names and character
converters (``tests/test_build_config.py`` checks Qt's imports), while the app speaks
English and Spanish only. ``freeze_config.keep_icu_item`` says which items stay; this
module reads the package out of the library, writes a smaller package with the same
items in the same order, and assembles it into a library with the same name and
symbol (ICU's own ``pkgdata`` does the same). The rest of ICU, and Qt, are unchanged.

Nothing here runs on Windows or macOS, where Qt uses the system's ICU. Without a C
compiler (``cc``, or ``$CC``) the library is left as it is and the app is ~28 MB larger.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ICU_DATA_LIBRARY = re.compile(r"^libicudata\.so\.(?P<version>\d+)$")
_DATA_SYMBOL = re.compile(r"^icudt\d+_dat$")
_ALIGN = 16  # ICU reads doubles and 32-bit tables in place: items start 16-aligned
_FILL = b"\xaa"  # what ICU's own package tool pads with (so a package reads back identical)
_SHT_DYNSYM = 11


@dataclass(frozen=True)
class Symbol:
    """An entry of an ELF file's dynamic symbol table."""

    name: str
    value: int
    size: int
    section: int  # 0: undefined (imported from another library)


@dataclass(frozen=True)
class Package:
    """An ICU common-data package: its header and its items in table-of-contents order."""

    header: bytes
    items: list[tuple[str, bytes]]


def dynamic_symbols(data: bytes) -> tuple[list[Symbol], list[tuple[int, int, int]]]:
    """The dynamic symbols of a 64-bit little-endian ELF file, and its sections' address,
    file offset and size (to find a symbol's bytes)."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    section_offset = struct.unpack_from("<Q", data, 0x28)[0]
    entry_size, count = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQII", data, section_offset + index * entry_size)
        for index in range(count)
    ]
    places = [(address, offset, size) for _n, _t, _f, address, offset, size, _l, _i in sections]
    symbols: list[Symbol] = []
    for _name, kind, _flags, _address, offset, size, link, _info in sections:
        if kind != _SHT_DYNSYM:
            continue
        strings_offset = sections[link][4]
        for start in range(offset, offset + size, 24):
            name_at, _info_byte, _other, section, value, length = struct.unpack_from(
                "<IBBHQQ", data, start
            )
            end = data.index(b"\0", strings_offset + name_at)
            name = data[strings_offset + name_at : end].decode("ascii")
            symbols.append(Symbol(name, value, length, section))
    return symbols, places


def data_package(library: bytes) -> tuple[str, bytes]:
    """The ``icudt<N>_dat`` symbol's name and bytes in an ICU data library."""
    symbols, places = dynamic_symbols(library)
    for symbol in symbols:
        if symbol.section and _DATA_SYMBOL.match(symbol.name):
            address, offset, _size = places[symbol.section]
            start = offset + symbol.value - address
            return symbol.name, library[start : start + symbol.size]
    raise ValueError("no icudt<N>_dat symbol: not an ICU data library")


def read_package(blob: bytes) -> Package:
    """Split a common-data package (``MappedData`` header, ``CmnD`` table of contents)."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD":
        raise ValueError("not an ICU common-data package")
    (count,) = struct.unpack_from("<I", blob, header_size)
    toc = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(toc):
        name_start = header_size + name_offset
        name = blob[name_start : blob.index(b"\0", name_start)].decode("ascii")
        end = toc[index + 1][1] if index + 1 < count else len(blob) - header_size
        items.append((name, blob[header_size + data_offset : header_size + end]))
    return Package(blob[:header_size], items)


def _pad(size: int) -> int:
    return -size % _ALIGN


def write_package(package: Package) -> bytes:
    """The package as bytes: header, table of contents, names, then each item 16-aligned."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in package.items)
    toc_size = 4 + 8 * len(package.items)
    data_start = toc_size + len(names) + _pad(toc_size + len(names))
    entries, chunks, name_at, data_at = [], [], toc_size, data_start
    for name, data in package.items:
        entries.append(struct.pack("<II", name_at, data_at))
        name_at += len(name) + 1
        chunks.append(data + _FILL * _pad(len(data)))
        data_at += len(data) + _pad(len(data))
    toc = struct.pack("<I", len(package.items)) + b"".join(entries) + names
    return package.header + toc + _FILL * _pad(len(toc)) + b"".join(chunks)


def trim(blob: bytes, keep: Callable[[str], bool]) -> bytes:
    """The package with only the items whose name (``icudt73l/coll/es.res``) ``keep`` keeps."""
    package = read_package(blob)
    return write_package(Package(package.header, [i for i in package.items if keep(i[0])]))


_ASSEMBLY = """\t.section .rodata
\t.globl {symbol}
\t.type {symbol}, @object
\t.balign {align}
{symbol}:
\t.incbin "{data}"
\t.size {symbol}, . - {symbol}
\t.section .note.GNU-stack,"",@progbits
"""


def compiler() -> str | None:
    """The C compiler that assembles the library (``$CC`` or ``cc``), if there is one."""
    return shutil.which(os.environ.get("CC", "cc"))


def build_library(symbol: str, blob: bytes, target: Path, cc: str) -> Path:
    """A data-only shared library at ``target`` exporting ``blob`` as ``symbol``."""
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "icudata.dat").write_bytes(blob)
    source = folder / "icudata.S"
    source.write_text(_ASSEMBLY.format(symbol=symbol, align=_ALIGN, data="icudata.dat"))
    command = [cc, "-shared", "-nostdlib", f"-Wl,-soname,{target.name}", "-Wl,-z,noexecstack"]
    subprocess.run([*command, "-o", target.name, source.name], check=True, cwd=folder)
    return target


def trimmed_library(source: Path, folder: Path, keep: Callable[[str], bool]) -> Path | None:
    """``source`` (``libicudata.so.<N>``) rebuilt in ``folder`` with the items ``keep`` keeps.

    None when there is no C compiler: the caller bundles ``source`` as it is.
    """
    cc = compiler()
    if cc is None:
        return None
    symbol, blob = data_package(source.read_bytes())
    target = folder / source.name
    target.unlink(missing_ok=True)
    return build_library(symbol, trim(blob, keep), target, cc)


def icu_imports(library: Path) -> set[str]:
    """ICU functions (``ucol_open``, version suffix removed) that ``library`` calls."""
    symbols, _places = dynamic_symbols(library.read_bytes())
    suffix = re.compile(r"^(?P<name>u[a-z]*_[A-Za-z]+)_\d+$")
    return {
        match["name"]
        for symbol in symbols
        if not symbol.section and (match := suffix.match(symbol.name))
    }


TocEntry = tuple[str, str, str]


def replace_in_binaries(
    binaries: list[TocEntry], folder: Path, keep: Callable[[str], bool]
) -> tuple[list[TocEntry], str]:
    """PyInstaller's ``binaries`` with Qt's ICU data library swapped for a trimmed one built
    in ``folder``, and a line saying what happened (nothing when there is no ICU library)."""
    result, note = [], ""
    for dest, src, kind in binaries:
        source = src
        if ICU_DATA_LIBRARY.match(Path(dest).name) and kind == "BINARY":
            trimmed = trimmed_library(Path(src), folder, keep)
            if trimmed is None:
                note = "no C compiler (cc or $CC): Qt's ICU data stays whole (28 MB more)"
            else:
                before, after = Path(src).stat().st_size, trimmed.stat().st_size
                note = f"Qt's ICU data cut from {before / 1e6:.1f} to {after / 1e6:.1f} MB"
                source = str(trimmed)
        result.append((dest, source, kind))
    return result, note
