"""Operations tools that ship with the product (they are in the service image):
Kafka topics and access (principals, ACLs), and the platform status summary.

    python -m shared.ops.kafka_access provision | add-integrator NAME | show
    python -m shared.ops.status

They read the same ``WEERBAAR_`` settings as the services; an operator runs them
with the Kafka admin's credentials (``WEERBAAR_KAFKA__SASL_USERNAME=admin`` ...).
"""
