"""Where each part of a methodology stood in its file: what lets a message point at one key."""

from __future__ import annotations

from proforient_cli.methodology.yaml_nodes import Pos, YamlList, YamlMap


class Places:
    """Where each built part stood in the file, so that a message can point at one of its keys.

    The frozen dataclasses keep only their own position; this side table keeps the YAML
    mapping each was built from.
    """

    def __init__(self) -> None:
        self._nodes: dict[int, tuple[object, YamlMap]] = {}

    def remember(self, item, node: YamlMap):
        self._nodes[id(item)] = (item, node)  # the item is kept too, so its id stays unique
        return item

    def _node(self, item) -> YamlMap | None:
        entry = self._nodes.get(id(item))
        return entry[1] if entry is not None and entry[0] is item else None

    def value(self, item, key: str) -> Pos:
        """The position of ``item``'s value under ``key``, else of the item itself."""
        node = self._node(item)
        if node is not None and key in node.value_pos:
            return node.value_pos[key]
        return item.pos

    def key(self, item, key: str) -> Pos:
        """The position of ``item``'s key ``key``, else of the item itself."""
        node = self._node(item)
        if node is not None and key in node.key_pos:
            return node.key_pos[key]
        return item.pos

    def list_item(self, item, key: str, index: int) -> Pos:
        """The position of the ``index``-th entry of the list under ``key``."""
        node = self._node(item)
        value = node.get(key) if node is not None else None
        if isinstance(value, YamlList) and index < len(value.item_pos):
            return value.item_pos[index]
        return self.value(item, key)
