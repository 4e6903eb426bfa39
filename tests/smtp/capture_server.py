"""A real SMTP server for the reset-code sender's tests (Debian's python3-aiosmtpd).

Usage: /usr/bin/python3 tests/smtp/capture_server.py PORT FOLDER
Each message received is written to FOLDER as one .eml file (written aside, then renamed).
Prints "ready" once it listens on 127.0.0.1:PORT, and stops when its standard input closes.
"""
import os
import sys

from aiosmtpd.controller import Controller


class SaveToFolder:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.folder, f"{os.getpid()}-{self.count:05d}")
        with open(name + ".tmp", "wb") as message:
            message.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            message.write(envelope.original_content or envelope.content)
        os.replace(name + ".tmp", name + ".eml")
        return "250 OK"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(SaveToFolder(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
