"""A TCP proxy that can lose the centre's answer after the centre has sent it.

It relays TLS without decrypting it. With TLS 1.2, handshake records are of type 22 and every
application-data record (type 23) from the server is the HTTP response, which the server only
writes once it has decided and committed. When ``lose_next_response`` is set, the proxy drops
the first such record and closes the kiosk's side: the centre has committed, the kiosk saw the
connection break — the "response lost after commit" case.
"""

from __future__ import annotations

import contextlib
import socket
import threading

APPLICATION_DATA = 23


class LossyProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.lose_next_response = threading.Event()
        self.lost = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._closing = False
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closing = True
        self._listener.close()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._answers, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                target.shutdown(socket.SHUT_WR)

    def _answers(self, upstream: socket.socket, client: socket.socket) -> None:
        buffer = b""
        try:
            while data := upstream.recv(65536):
                buffer += data
                while len(buffer) >= 5:
                    length = int.from_bytes(buffer[3:5], "big")
                    if len(buffer) < 5 + length:
                        break
                    record, buffer = buffer[:5 + length], buffer[5 + length:]
                    if record[0] == APPLICATION_DATA and self.lose_next_response.is_set():
                        self.lose_next_response.clear()
                        self.lost += 1
                        # shutdown, not just close: another thread is blocked reading this
                        # socket, and close alone would neither wake it nor send the FIN.
                        client.shutdown(socket.SHUT_RDWR)
                        client.close()  # the kiosk sees the connection drop mid-answer
                        while upstream.recv(65536):
                            pass  # let the centre finish writing into the void
                        return
                    client.sendall(record)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                client.close()
