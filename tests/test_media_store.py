"""Photos shared by every process: in a directory, or in an S3-compatible bucket (boto3 against
moto's S3 server on 127.0.0.1): stored there, served at /media, erased with her data, backed up."""
from __future__ import annotations

import tarfile
import uuid
from dataclasses import replace

import boto3
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import select

from bot.app import create_app
from bot.market import photos
from bot.ops import backup
from bot.ops.settings import MediaStore
from bot.runtime import Runtime
from models import Media, User
from tests.conftest import Chat

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 3


@pytest.fixture
def s3(monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "ap-south-1"}.items():
        monkeypatch.setenv(name, value)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="ap-south-1")
    bucket = f"didihaat-media-{uuid.uuid4().hex[:8]}"  # moto keeps buckets per process, across servers
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ap-south-1"})
    yield endpoint, client, bucket
    server.stop()


def test_photos_live_in_the_bucket_are_served_erased_and_backed_up(settings, s3, tmp_path):
    endpoint, client, BUCKET = s3
    settings = replace(settings, media_store=MediaStore(kind="s3", s3_bucket=BUCKET, s3_prefix="media/",
                                                        s3_endpoint_url=endpoint, s3_region="ap-south-1"))
    rt = Runtime.build(settings)
    try:
        web = create_app(rt=rt).test_client()
        Chat(web, "didi-s3", phone="+919811111111").say("hi")
        with rt.db.session() as session:
            user = session.scalar(select(User).where(User.address == "didi-s3"))
            media = Media(owner_id=user.id, status="pending")
            session.add(media)
            photos.store(settings, media, JPEG)
            name = media.filename
        stored = client.get_object(Bucket=BUCKET, Key=f"media/{name}")
        assert stored["Body"].read() == JPEG and stored["ContentType"] == "image/jpeg"
        assert not (settings.media_dir / name).exists()  # nothing on this machine's disk

        served = web.get(f"/media/{name}")
        assert served.status_code == 200 and served.data == JPEG and served.mimetype == "image/jpeg"
        assert web.get("/media/missing.jpg").status_code == 404

        archive = backup.backup(settings, tmp_path / "backups")
        with tarfile.open(archive) as tar:
            assert tar.extractfile(f"media/{name}").read() == JPEG

        from bot import privacy

        with rt.db.session() as session:
            privacy.erase(session, settings, session.get(User, user.id), user.created_at)
        assert client.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    finally:
        rt.close()


def test_directory_store_is_the_default(settings):
    with_dir = Runtime.build(settings)
    try:
        media = Media(status="pending")
        photos.store(settings, media, JPEG)
        assert (settings.media_dir / media.filename).read_bytes() == JPEG
        assert create_app(rt=with_dir).test_client().get(f"/media/{media.filename}").data == JPEG
    finally:
        with_dir.close()
