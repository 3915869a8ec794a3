"""Where stored photos live, shared by every web process and worker (`media.store` in config.yaml):
a directory (on several machines, a shared volume such as NFS mounted at `media.dir`), or an
S3-compatible bucket through boto3 (credentials from the environment, as boto3 reads them)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


class DirectoryStore:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f".{name}.part"
        partial.write_bytes(data)
        partial.replace(self.folder / name)  # readers on other machines never see half a file

    def get(self, name: str) -> bytes | None:
        path = self.folder / name
        return path.read_bytes() if path.is_file() else None

    def delete(self, name: str) -> None:
        (self.folder / name).unlink(missing_ok=True)

    def names(self) -> list[str]:
        return sorted(p.name for p in self.folder.glob("*") if p.is_file() and not p.name.startswith("."))

    def local_path(self, name: str) -> Path | None:
        return self.folder / name


class S3Store:
    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None, region: str | None = None):
        import boto3

        self.bucket, self.prefix = bucket, prefix
        self.client = boto3.client("s3", endpoint_url=endpoint_url, region_name=region)

    def _key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(name), Body=data, ContentType=content_type)

    def get(self, name: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(name))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(name))

    def names(self) -> list[str]:
        found = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix):
            found += [item["Key"][len(self.prefix):] for item in page.get("Contents", [])]
        return sorted(found)

    def local_path(self, name: str) -> Path | None:
        return None  # not on this machine: channels get the public URL


@lru_cache(maxsize=8)
def _s3(bucket: str, prefix: str, endpoint_url: str | None, region: str | None) -> S3Store:
    return S3Store(bucket, prefix, endpoint_url, region)


def store_for(settings) -> DirectoryStore | S3Store:
    conf = settings.media_store
    if conf is not None and conf.kind == "s3":
        return _s3(conf.s3_bucket, conf.s3_prefix, conf.s3_endpoint_url, conf.s3_region)
    return DirectoryStore(settings.media_dir)
