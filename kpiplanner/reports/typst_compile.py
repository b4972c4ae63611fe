"""Compile the handbook in a process of its own: `python typst_compile.py` < job > pdf.

Run by `pdf.compile_pdf`, never imported by the app. The job on stdin is JSON: the template,
the compiler's root folder, the font folders and the document's data (a JSON string, handed to
the template as `sys.inputs.data`). The PDF goes to stdout; a Typst error to stderr, exit 2.

A process per document gives every byte Typst used back to the system when it ends (the
compiler keeps caches for the next ten compilations of its process, hundreds of MB after a large
handbook), and a limit on time that the caller can enforce by ending it.
"""

import json
import sys


def main() -> int:
    import typst

    job = json.load(sys.stdin.buffer)
    try:
        document = typst.compile(
            job["template"],
            root=job["root"],
            font_paths=job["fonts"],
            ignore_system_fonts=True,
            sys_inputs={"data": job["data"]},
        )
    except typst.TypstError as exc:
        sys.stderr.write(str(exc))
        return 2
    sys.stdout.buffer.write(document)
    return 0


if __name__ == "__main__":
    sys.exit(main())
