"""Admin area of the Documents page: add, correct, withdraw and restore documents.

    login            who may change the corpus (OIDC or a password)
    pipeline_client  runs `python -m pipeline …`, reads its JSON progress events and one-line message
    forms            the area itself: upload and metadata forms, withdraw/restore, pending uploads

Viewing is open; changing the corpus needs a login. The app never imports the pipeline's code (only its
contract): every change runs the command line as a child process.
"""
