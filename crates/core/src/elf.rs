//! ELF loading under the rules of abi.md: ELF64, little endian, `EM_RISCV`, `ET_EXEC`, `PT_LOAD`
//! segments only, each in a region its permissions allow, none overlapping.
//!
//! The loader never panics on malformed input: every rule breaks into an [`ElfError`] that names
//! the segment, address or byte offset at fault. Header parsing goes through the `object`
//! crate's bounds-checked ELF reader.

use crate::memmap::{self, Region};
use object::Endianness;
use object::elf;
use object::read::elf::{FileHeader, ProgramHeader};
use thiserror::Error;

/// Most executable bytes (file-backed) a program may have: 16 MiB, far above any real guest, and
/// a bound on the transpiler's memory (it decodes every halfword of code).
pub const MAX_CODE_BYTES: u64 = 16 << 20;

/// The permissions of a loaded segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct SegmentFlags {
    /// PF_R.
    pub read: bool,
    /// PF_W.
    pub write: bool,
    /// PF_X.
    pub exec: bool,
}

/// One `PT_LOAD` segment: `data` is the file-backed part, the rest up to `memsz` is zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Index of the program header (for messages).
    pub index: usize,
    /// Virtual address of the first byte.
    pub vaddr: u64,
    /// Size in memory (`>= data.len()`).
    pub memsz: u64,
    /// The bytes from the file.
    pub data: Vec<u8>,
    /// Permissions.
    pub flags: SegmentFlags,
}

impl Segment {
    /// One past the last byte in memory.
    pub fn end(&self) -> u64 {
        self.vaddr + self.memsz
    }
}

/// A loaded program: entry point and segments sorted by address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElfProgram {
    /// The ELF entry point.
    pub entry: u64,
    /// The non-empty `PT_LOAD` segments, sorted by `vaddr`.
    pub segments: Vec<Segment>,
}

/// Why an ELF file was rejected.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ElfError {
    /// The file does not start with the ELF magic bytes.
    #[error("not an ELF file (bad magic at byte offset 0)")]
    NotElf,
    /// The file is shorter than an ELF64 header or a table it declares.
    #[error("truncated or malformed ELF: {0}")]
    Malformed(String),
    /// ELF32 (or an unknown class).
    #[error("wrong ELF class {0} at byte offset 4: Zirv runs ELF64 (RV64) programs")]
    WrongClass(u8),
    /// Big endian (or unknown).
    #[error("wrong ELF data encoding {0} at byte offset 5: Zirv runs little-endian programs")]
    WrongEndian(u8),
    /// Not EM_RISCV.
    #[error("wrong ELF machine {0} at byte offset 18: expected EM_RISCV (243)")]
    WrongMachine(u16),
    /// Not ET_EXEC.
    #[error(
        "wrong ELF type {0} at byte offset 16: expected ET_EXEC (2), a statically linked executable"
    )]
    WrongType(u16),
    /// A segment's file range lies outside the file.
    #[error(
        "segment {index}: file range offset {offset:#x} + size {filesz:#x} exceeds the file ({file_len} bytes)"
    )]
    SegmentOutsideFile {
        /// Program header index.
        index: usize,
        /// p_offset.
        offset: u64,
        /// p_filesz.
        filesz: u64,
        /// The file's length.
        file_len: usize,
    },
    /// p_filesz > p_memsz.
    #[error("segment {index}: file size {filesz:#x} exceeds memory size {memsz:#x}")]
    FileszExceedsMemsz {
        /// Program header index.
        index: usize,
        /// p_filesz.
        filesz: u64,
        /// p_memsz.
        memsz: u64,
    },
    /// A segment lies (partly) outside the regions its permissions allow.
    #[error("segment {index} ({flags}) at {vaddr:#x}..{end:#x}: {reason}")]
    SegmentPlacement {
        /// Program header index.
        index: usize,
        /// Permissions as "RWX" letters.
        flags: String,
        /// First address.
        vaddr: u64,
        /// One past the last address.
        end: u64,
        /// What rule it breaks.
        reason: String,
    },
    /// Two segments overlap.
    #[error("segments {a} and {b} overlap at {addr:#x}")]
    Overlap {
        /// First segment's header index.
        a: usize,
        /// Second segment's header index.
        b: usize,
        /// The first overlapping address.
        addr: u64,
    },
    /// The entry point is not inside an executable segment.
    #[error("entry point {0:#x} is not inside an executable segment")]
    BadEntry(u64),
    /// Too much code.
    #[error("program has {0} bytes of executable code; the limit is {MAX_CODE_BYTES}")]
    TooMuchCode(u64),
    /// A two-operand precompile call (`csrs 0x803` or `csrs 0x805`) not immediately followed by
    /// the `add x0, rs2, x0` that names its second operand (abi.md, "Precompiles").
    #[error(
        "precompile call csrs {csr:#x} at pc {pc:#x} is not followed by `add x0, rs2, x0` naming its second operand"
    )]
    UnpairedPrecompileCall {
        /// The pc of the `csrs`.
        pc: u64,
        /// The precompile's CSR number.
        csr: u16,
    },
}

fn flag_letters(f: SegmentFlags) -> String {
    let mut s = String::new();
    s.push(if f.read { 'R' } else { '-' });
    s.push(if f.write { 'W' } else { '-' });
    s.push(if f.exec { 'X' } else { '-' });
    s
}

/// Parses and validates an ELF file.
pub fn load_elf(data: &[u8]) -> Result<ElfProgram, ElfError> {
    if data.len() < 4 || &data[..4] != b"\x7fELF" {
        return Err(ElfError::NotElf);
    }
    if data.len() < 6 {
        return Err(ElfError::Malformed(
            "file ends inside the ELF identification".into(),
        ));
    }
    if data[4] != elf::ELFCLASS64 {
        return Err(ElfError::WrongClass(data[4]));
    }
    if data[5] != elf::ELFDATA2LSB {
        return Err(ElfError::WrongEndian(data[5]));
    }
    let header = elf::FileHeader64::<Endianness>::parse(data)
        .map_err(|e| ElfError::Malformed(format!("ELF header: {e}")))?;
    let endian = header
        .endian()
        .map_err(|e| ElfError::Malformed(format!("ELF header: {e}")))?;
    debug_assert!(endian == Endianness::Little, "checked above");
    let e_type = header.e_type(endian);
    if e_type != elf::ET_EXEC {
        return Err(ElfError::WrongType(e_type));
    }
    let machine = header.e_machine(endian);
    if machine != elf::EM_RISCV {
        return Err(ElfError::WrongMachine(machine));
    }
    let phdrs = header
        .program_headers(endian, data)
        .map_err(|e| ElfError::Malformed(format!("program header table: {e}")))?;

    let mut segments = Vec::new();
    let mut code_bytes = 0u64;
    for (index, ph) in phdrs.iter().enumerate() {
        if ph.p_type(endian) != elf::PT_LOAD {
            continue;
        }
        let vaddr = ph.p_vaddr(endian);
        let memsz = ph.p_memsz(endian);
        let filesz = ph.p_filesz(endian);
        let offset = ph.p_offset(endian);
        let pf = ph.p_flags(endian);
        let flags = SegmentFlags {
            read: pf & elf::PF_R != 0,
            write: pf & elf::PF_W != 0,
            exec: pf & elf::PF_X != 0,
        };
        if filesz > memsz {
            return Err(ElfError::FileszExceedsMemsz {
                index,
                filesz,
                memsz,
            });
        }
        let bytes = ph
            .data(endian, data)
            .map_err(|_| ElfError::SegmentOutsideFile {
                index,
                offset,
                filesz,
                file_len: data.len(),
            })?;
        if memsz == 0 {
            continue;
        }
        let placement = |reason: &str| ElfError::SegmentPlacement {
            index,
            flags: flag_letters(flags),
            vaddr,
            end: vaddr.wrapping_add(memsz),
            reason: reason.to_string(),
        };
        let region = memmap::range_in_one_region(vaddr, memsz).ok_or_else(|| {
            placement("the segment does not lie inside one region of the memory map")
        })?;
        if flags.exec {
            if flags.write {
                return Err(placement(
                    "a segment may not be both writable and executable",
                ));
            }
            if region != Region::Rom {
                return Err(placement(&format!(
                    "executable segments must lie in program ROM ({:#x}..{:#x}), not in {}",
                    memmap::ROM_ADDR,
                    memmap::ROM_END,
                    region.name()
                )));
            }
            if vaddr % 2 != 0 {
                return Err(placement(
                    "executable segments must start at an even address",
                ));
            }
            code_bytes += filesz;
        } else if flags.write {
            if !matches!(region, Region::Data | Region::Stack | Region::Output) {
                return Err(placement(&format!(
                    "writable segments must lie in the data region ({:#x}..{:#x}), stack or OUTPUT, not in {}",
                    memmap::DATA_ADDR,
                    memmap::DATA_END,
                    region.name()
                )));
            }
        } else if !matches!(region, Region::Rom | Region::Data) {
            return Err(placement(&format!(
                "read-only segments must lie in program ROM or the data region, not in {}",
                region.name()
            )));
        }
        segments.push(Segment {
            index,
            vaddr,
            memsz,
            data: bytes.to_vec(),
            flags,
        });
    }
    if code_bytes > MAX_CODE_BYTES {
        return Err(ElfError::TooMuchCode(code_bytes));
    }
    segments.sort_by_key(|s| s.vaddr);
    for w in segments.windows(2) {
        if w[1].vaddr < w[0].end() {
            return Err(ElfError::Overlap {
                a: w[0].index,
                b: w[1].index,
                addr: w[1].vaddr,
            });
        }
    }
    let entry = header.e_entry(endian);
    if !segments
        .iter()
        .any(|s| s.flags.exec && entry >= s.vaddr && entry < s.vaddr + s.data.len() as u64)
    {
        return Err(ElfError::BadEntry(entry));
    }
    Ok(ElfProgram { entry, segments })
}

/// Builds a minimal ELF64 RISC-V executable from segments `(vaddr, flags, bytes, memsz)`.
///
/// Used by tests (and fuzzing) to produce well-formed and deliberately broken files without a
/// toolchain; it is not a general-purpose linker.
pub fn build_test_elf(entry: u64, segs: &[(u64, u32, &[u8], u64)]) -> Vec<u8> {
    let phoff = 64u64;
    let phnum = segs.len() as u64;
    let mut data_off = phoff + 56 * phnum;
    let mut out = vec![0u8; data_off as usize];
    out[..4].copy_from_slice(b"\x7fELF");
    out[4] = elf::ELFCLASS64;
    out[5] = elf::ELFDATA2LSB;
    out[6] = 1;
    out[16..18].copy_from_slice(&elf::ET_EXEC.to_le_bytes());
    out[18..20].copy_from_slice(&elf::EM_RISCV.to_le_bytes());
    out[20..24].copy_from_slice(&1u32.to_le_bytes());
    out[24..32].copy_from_slice(&entry.to_le_bytes());
    out[32..40].copy_from_slice(&phoff.to_le_bytes());
    out[52..54].copy_from_slice(&64u16.to_le_bytes());
    out[54..56].copy_from_slice(&56u16.to_le_bytes());
    out[56..58].copy_from_slice(&(phnum as u16).to_le_bytes());
    out[58..60].copy_from_slice(&64u16.to_le_bytes());
    for (i, (vaddr, flags, bytes, memsz)) in segs.iter().enumerate() {
        let p = (phoff + 56 * i as u64) as usize;
        out[p..p + 4].copy_from_slice(&elf::PT_LOAD.to_le_bytes());
        out[p + 4..p + 8].copy_from_slice(&flags.to_le_bytes());
        out[p + 8..p + 16].copy_from_slice(&data_off.to_le_bytes());
        out[p + 16..p + 24].copy_from_slice(&vaddr.to_le_bytes());
        out[p + 24..p + 32].copy_from_slice(&vaddr.to_le_bytes());
        out[p + 32..p + 40].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
        out[p + 40..p + 48].copy_from_slice(&memsz.to_le_bytes());
        out[p + 48..p + 56].copy_from_slice(&8u64.to_le_bytes());
        data_off += bytes.len() as u64;
    }
    for (_, _, bytes, _) in segs {
        out.extend_from_slice(bytes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use object::elf::{PF_R, PF_W, PF_X};

    const CODE: &[u8] = &[0x73, 0, 0, 0]; // ecall

    fn ok_elf() -> Vec<u8> {
        build_test_elf(
            0x9000_0000,
            &[
                (0x9000_0000, PF_R | PF_X, CODE, 4),
                (0xA043_0000, PF_R | PF_W, &[1, 2], 16),
            ],
        )
    }

    #[test]
    fn loads_a_valid_program() {
        let p = load_elf(&ok_elf()).unwrap();
        assert_eq!(p.entry, 0x9000_0000);
        assert_eq!(p.segments.len(), 2);
        assert_eq!(p.segments[1].memsz, 16);
    }

    #[test]
    fn execute_only_code_is_accepted() {
        let e = build_test_elf(0x9000_0000, &[(0x9000_0000, PF_X, CODE, 4)]);
        load_elf(&e).unwrap();
    }

    #[test]
    fn rejects_header_problems() {
        assert_eq!(load_elf(b""), Err(ElfError::NotElf));
        assert_eq!(load_elf(b"MZ\x90\x00"), Err(ElfError::NotElf));
        let mut e = ok_elf();
        e[4] = 1;
        assert_eq!(load_elf(&e), Err(ElfError::WrongClass(1)));
        let mut e = ok_elf();
        e[5] = 2;
        assert_eq!(load_elf(&e), Err(ElfError::WrongEndian(2)));
        let mut e = ok_elf();
        e[18] = 62;
        assert_eq!(load_elf(&e), Err(ElfError::WrongMachine(62)));
        let mut e = ok_elf();
        e[16] = 3;
        assert_eq!(load_elf(&e), Err(ElfError::WrongType(3)));
        let e = ok_elf();
        assert!(matches!(load_elf(&e[..40]), Err(ElfError::Malformed(_))));
        assert!(matches!(load_elf(&e[..100]), Err(ElfError::Malformed(_))));
    }

    #[test]
    fn rejects_segment_problems() {
        // Code outside ROM.
        let e = build_test_elf(0xA043_0000, &[(0xA043_0000, PF_R | PF_X, CODE, 4)]);
        assert!(matches!(
            load_elf(&e),
            Err(ElfError::SegmentPlacement { index: 0, .. })
        ));
        // Writable code.
        let e = build_test_elf(0x9000_0000, &[(0x9000_0000, PF_R | PF_W | PF_X, CODE, 4)]);
        assert!(matches!(
            load_elf(&e),
            Err(ElfError::SegmentPlacement { .. })
        ));
        // Writable data in ROM.
        let e = build_test_elf(
            0x9000_0000,
            &[(0x9000_0000, PF_X, CODE, 4), (0x9000_1000, PF_W, &[], 8)],
        );
        assert!(matches!(
            load_elf(&e),
            Err(ElfError::SegmentPlacement { index: 1, .. })
        ));
        // Read-only data in INPUT.
        let e = build_test_elf(
            0x9000_0000,
            &[(0x9000_0000, PF_X, CODE, 4), (0x1000_0000, PF_R, &[], 8)],
        );
        assert!(matches!(
            load_elf(&e),
            Err(ElfError::SegmentPlacement { index: 1, .. })
        ));
        // Straddling a region boundary.
        let e = build_test_elf(
            0x9000_0000,
            &[(0x9000_0000, PF_X, CODE, 4), (0xA03F_FFF0, PF_W, &[], 0x20)],
        );
        assert!(matches!(
            load_elf(&e),
            Err(ElfError::SegmentPlacement { index: 1, .. })
        ));
        // Overlap.
        let e = build_test_elf(
            0x9000_0000,
            &[(0x9000_0000, PF_X, CODE, 4), (0x9000_0002, PF_R, &[], 8)],
        );
        assert!(matches!(
            load_elf(&e),
            Err(ElfError::Overlap { a: 0, b: 1, .. })
        ));
        // filesz > memsz.
        let e = build_test_elf(0x9000_0000, &[(0x9000_0000, PF_X, CODE, 2)]);
        assert!(matches!(
            load_elf(&e),
            Err(ElfError::FileszExceedsMemsz { .. })
        ));
        // Entry outside code.
        let e = build_test_elf(0x9000_1000, &[(0x9000_0000, PF_X, CODE, 4)]);
        assert_eq!(load_elf(&e), Err(ElfError::BadEntry(0x9000_1000)));
        // Address overflow.
        let e = build_test_elf(
            0x9000_0000,
            &[
                (0x9000_0000, PF_X, CODE, 4),
                (u64::MAX - 4, PF_W, &[], 0x20),
            ],
        );
        assert!(matches!(
            load_elf(&e),
            Err(ElfError::SegmentPlacement { index: 1, .. })
        ));
    }

    #[test]
    fn rejects_segment_data_outside_the_file() {
        let mut e = ok_elf();
        // Segment 0's p_filesz at byte 64 + 32.
        e[96..104].copy_from_slice(&0x1_0000u64.to_le_bytes());
        e[104..112].copy_from_slice(&0x1_0000u64.to_le_bytes());
        assert!(matches!(
            load_elf(&e),
            Err(ElfError::SegmentOutsideFile { index: 0, .. })
        ));
    }

    #[test]
    fn zero_sized_segments_are_ignored() {
        let e = build_test_elf(
            0x9000_0000,
            &[(0x9000_0000, PF_X, CODE, 4), (0x1000, PF_W, &[], 0)],
        );
        assert_eq!(load_elf(&e).unwrap().segments.len(), 1);
    }
}
