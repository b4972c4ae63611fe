"""An upload handler that stops keeping a file once it is larger than an import may be.

Django's own handlers keep every uploaded byte (in memory, then in a temporary file) before a
form can look at the size. This one goes first: it passes the data on until the file is one byte
over INTERCHANGE_MAX_FILE_BYTES, then keeps counting but stores nothing more, and hands the form
a placeholder with the real size, which the import refuses with a clear message. The proxy still
caps whole request bodies (README), since Django reads the rest of the request either way.
"""

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from .reading import max_file_bytes


class OversizedUpload(UploadedFile):
    """What the form gets for a file over the limit: its name and real size, no content."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(file=None, name=name, content_type=content_type, size=size)

    def read(self, *args, **kwargs) -> bytes:
        return b""

    def open(self, mode=None):
        return self

    def close(self):
        pass


class CappedUploadHandler(FileUploadHandler):
    def new_file(self, field_name, file_name, content_type, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, *args, **kwargs)
        self.cap = max_file_bytes() + 1
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        room = self.cap - self.received
        self.received += len(raw_data)
        if room <= 0:
            return None  # over the limit: the handlers after this one get nothing more
        return raw_data[:room]

    def file_complete(self, file_size: int):
        if self.received < self.cap:
            return None  # within the limit: the next handler's file is the upload
        return OversizedUpload(self.file_name, self.content_type, self.received)
