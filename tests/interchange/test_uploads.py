"""The capped upload handler: past the import's size limit, no byte is kept."""

from io import BytesIO

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory, override_settings

from kpiplanner.interchange.uploads import CappedUploadHandler, OversizedUpload

BOUNDARY = "kpiplanner-test-boundary"


def multipart(content: bytes) -> bytes:
    return (
        (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="set.json"\r\n'
            "Content-Type: application/json\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


class Recording(MemoryFileUploadHandler):
    """Django's in-memory handler, counting the bytes it is given to keep."""

    kept = 0

    def receive_data_chunk(self, raw_data, start):
        Recording.kept += len(raw_data)
        return super().receive_data_chunk(raw_data, start)


def parse(content: bytes):
    body = multipart(content)
    request = RequestFactory().post("/", data=b"", content_type="text/plain")
    meta = {
        **request.META,
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(len(body)),
    }
    Recording.kept = 0
    handlers = [CappedUploadHandler(request), Recording(request)]
    _post, files = MultiPartParser(meta, BytesIO(body), handlers).parse()
    return files.get("file")


@override_settings(INTERCHANGE_MAX_FILE_BYTES=1000)
def test_a_file_within_the_limit_arrives_whole():
    upload = parse(b"{" + b" " * 998 + b"}")
    assert not isinstance(upload, OversizedUpload)
    assert upload.size == 1000
    assert upload.read() == b"{" + b" " * 998 + b"}"


@override_settings(INTERCHANGE_MAX_FILE_BYTES=1000)
@pytest.mark.parametrize("size", [1001, 70_000, 3 * 1024 * 1024])
def test_a_file_over_the_limit_keeps_one_byte_more_than_the_limit_and_tells_its_size(size):
    upload = parse(b"x" * size)
    assert isinstance(upload, OversizedUpload)
    assert upload.size == size
    assert upload.name == "set.json"
    assert upload.read() == b""
    assert Recording.kept == 1001
