#!/usr/bin/env python3
"""Which .NET assemblies in a folder hold ReadyToRun (precompiled) code: a ReadyToRun image has a managed native header
in its CLI header (what System.Reflection.PortableExecutable.PEReader shows as CorHeader.ManagedNativeHeaderDirectory).

Usage: readytorun.py FOLDER NAME.dll...   prints 'r2r' or 'il' for each; exits 1 unless every NAME is ReadyToRun.
       readytorun.py --none FOLDER NAME.dll...   exits 1 unless none of them is (the portable package).
"""
import struct
import sys


def is_ready_to_run(path: str) -> bool:
    with open(path, "rb") as f:
        data = f.read()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise ValueError(f"{path}: not a PE file")
    sections, optional_size = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (96 if magic == 0x10B else 112)
    clr_rva, clr_size = struct.unpack_from("<II", data, directories + 14 * 8)
    if clr_size == 0:
        raise ValueError(f"{path}: not a .NET assembly")

    def offset(rva: int) -> int:
        table = optional + optional_size
        for i in range(sections):
            _, virtual_size, virtual_address, raw_size, raw_pointer = struct.unpack_from("<8sIIII", data, table + 40 * i)
            if virtual_address <= rva < virtual_address + max(virtual_size, raw_size):
                return rva - virtual_address + raw_pointer
        raise ValueError(f"{path}: RVA {rva:#x} in no section")

    _, native_size = struct.unpack_from("<II", data, offset(clr_rva) + 64)
    return native_size > 0


def main() -> int:
    args = sys.argv[1:]
    want = True
    if args and args[0] == "--none":
        want, args = False, args[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder, names = args[0], args[1:]
    ok = True
    for name in names:
        r2r = is_ready_to_run(f"{folder}/{name}")
        print(f"{'r2r' if r2r else 'il '} {name}")
        ok &= r2r == want
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
