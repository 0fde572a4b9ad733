"""Loaded by every Python process started with this folder on PYTHONPATH (the test kernels):
any network connection except to this machine (loopback, Unix sockets) raises at once."""

import ipaddress
import socket

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


class NetworkBlocked(OSError):
    pass


def _allowed(address) -> bool:
    if not isinstance(address, tuple):  # Unix socket paths
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guard(original):
    def connect(self, address, *args):
        if not _allowed(address):
            raise NetworkBlocked(f"Network access blocked in lesson tests: {address!r}")
        return original(self, address, *args)
    return connect


socket.socket.connect = _guard(_connect)
socket.socket.connect_ex = _guard(_connect_ex)
