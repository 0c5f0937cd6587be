"""The SRU protocol, both sides: namespaces, request parameters, parsing answers (the
connector's side) and writing them (the federator's /sru and the demo catalogues). No HTTP."""
