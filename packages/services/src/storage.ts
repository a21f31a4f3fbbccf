/**
 * Object storage for uploads (licence photos, later documents): one small
 * interface, two implementations. In the cloud UPLOAD_BUCKET names the S3 bucket;
 * locally files go under UPLOAD_DIR (default `.data/uploads`, git-ignored).
 * Keys always start with the tenant id (`<tenantId>/…`); callers build them and
 * only ever read keys they stored on a record of the same tenant.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";

export interface StoredObject {
  bytes: Uint8Array;
  contentType: string;
}

export interface ObjectStorage {
  readonly kind: "s3" | "local";
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** undefined when there is no such object */
  get(key: string): Promise<StoredObject | undefined>;
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9A-Za-z][0-9A-Za-z._-]*(\/[0-9A-Za-z][0-9A-Za-z._-]*)*$/;

/** Keys are plain relative paths: no "..", no leading slash, no odd characters. */
export function assertSafeKey(key: string): void {
  if (!KEY.test(key) || key.split("/").some((p) => p === "." || p === ".." || p.includes("..")))
    throw new Error(`Unsafe object key: ${key}`);
}

const TYPES: Record<string, string> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" };

/** Files in a local folder (development, tests). The content type comes from the key's extension. */
export class LocalStorage implements ObjectStorage {
  readonly kind = "local";
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }
  pathOf(key: string): string {
    assertSafeKey(key);
    const p = resolve(join(this.root, key));
    if (!p.startsWith(this.root + sep)) throw new Error(`Unsafe object key: ${key}`);
    return p;
  }
  /** the content type is not kept: reads take it from the key's extension */
  async put(key: string, bytes: Uint8Array, _contentType?: string): Promise<void> {
    const p = this.pathOf(key);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, bytes, { flag: "wx" });
  }
  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const bytes = new Uint8Array(await readFile(this.pathOf(key)));
      const ext = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
      return { bytes, contentType: TYPES[ext] ?? "application/octet-stream" };
    } catch (e) {
      if ((e as { code?: string }).code === "ENOENT") return undefined;
      throw e;
    }
  }
  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

type S3Module = typeof import("@aws-sdk/client-s3");

/** An S3 bucket (encrypted at rest by the bucket; the function's role grants read/write on it only). */
export class S3Storage implements ObjectStorage {
  readonly kind = "s3";
  private client?: InstanceType<S3Module["S3Client"]>;
  private sdk?: S3Module;
  constructor(
    readonly bucket: string,
    private readonly clientFactory?: (sdk: S3Module) => InstanceType<S3Module["S3Client"]>,
  ) {}
  private async s3() {
    if (!this.sdk) this.sdk = await import("@aws-sdk/client-s3");
    this.client ??= this.clientFactory
      ? this.clientFactory(this.sdk)
      : new this.sdk.S3Client({ region: process.env.AWS_REGION });
    return { sdk: this.sdk, client: this.client };
  }
  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    assertSafeKey(key);
    const { sdk, client } = await this.s3();
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        // never overwrite: every upload gets a fresh key
        IfNoneMatch: "*",
      }),
    );
  }
  async get(key: string): Promise<StoredObject | undefined> {
    assertSafeKey(key);
    const { sdk, client } = await this.s3();
    try {
      const r = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!r.Body) return undefined;
      return {
        bytes: await r.Body.transformToByteArray(),
        contentType: r.ContentType ?? "application/octet-stream",
      };
    } catch (e) {
      if ((e as { name?: string }).name === "NoSuchKey") return undefined;
      throw e;
    }
  }
  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    const { sdk, client } = await this.s3();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

let configured: ObjectStorage | undefined;
let configuredFrom: string | undefined;

/** The process's storage: S3 when UPLOAD_BUCKET is set, else the local folder UPLOAD_DIR (default .data/uploads). */
export function getStorage(): ObjectStorage {
  const bucket = process.env.UPLOAD_BUCKET;
  const dir = process.env.UPLOAD_DIR || join(process.cwd(), ".data", "uploads");
  const from = bucket ? `s3:${bucket}` : `dir:${dir}`;
  if (!configured || configuredFrom !== from) {
    configured = bucket ? new S3Storage(bucket) : new LocalStorage(dir);
    configuredFrom = from;
  }
  return configured;
}
