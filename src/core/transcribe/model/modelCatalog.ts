/** A known digest of a model file, lower-case hex. SHA-256 wherever one is published. */
export type ModelChecksum = { readonly sha256: string } | { readonly sha1: string }

export interface ModelCatalogEntry {
  readonly url: string
  readonly bytes: number
  readonly checksum: ModelChecksum
}

export type ModelCatalog = Readonly<Record<string, ModelCatalogEntry>>

const repo = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main'

function ggml(name: string, bytes: number, sha256: string): ModelCatalogEntry {
  return { url: `${repo}/ggml-${name}.bin`, bytes, checksum: { sha256 } }
}

/**
 * The ggml whisper models of huggingface.co/ggerganov/whisper.cpp. Digests are the files'
 * Git LFS oids (= SHA-256 of the content), sizes their LFS sizes, as pinned by several
 * independent projects that verify downloads against them. whisper.cpp's own models/README.md
 * lists only SHA-1 (e.g. tiny bd577a11…, base.en 137c4040…), hence SHA-256 from the pins.
 * Never edit a digest without re-downloading the file and hashing it.
 */
export const modelCatalog: ModelCatalog = {
  tiny: ggml(
    'tiny',
    77_691_713,
    'be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21',
  ),
  'tiny.en': ggml(
    'tiny.en',
    77_704_715,
    '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f',
  ),
  base: ggml(
    'base',
    147_951_465,
    '60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe',
  ),
  'base.en': ggml(
    'base.en',
    147_964_211,
    'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002',
  ),
  small: ggml(
    'small',
    487_601_967,
    '1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b',
  ),
  'small.en': ggml(
    'small.en',
    487_614_201,
    'c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d',
  ),
  medium: ggml(
    'medium',
    1_533_763_059,
    '6c14d5adee5f86394037b4e4e8b59f1673b6cee10e3cf0b11bbdbee79c156208',
  ),
  'medium.en': ggml(
    'medium.en',
    1_533_774_781,
    'cc37e93478338ec7700281a7ac30a10128929eb8f427dda2e865faa8f6da4356',
  ),
  'large-v3': ggml(
    'large-v3',
    3_095_033_483,
    '64d182b440b98d5203c4f9bd541544d84c605196c4f7b845dfa11fb23594d1e2',
  ),
  'large-v3-turbo': ggml(
    'large-v3-turbo',
    1_624_555_275,
    '1fc70f774d38eb169993ac391eea357ef47c88757ef72ee5943879b7e8e2bc69',
  ),
}
