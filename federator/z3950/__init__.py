"""Z39.50 through YAZ's ZOOM C API: a ctypes binding, the options of one target, and one thread
that drives every connection in ZOOM's asynchronous mode. Stdlib only below the options; what a
search means for federator (records, statuses, errors) is `federator.connectors.z3950`'s job.
"""
