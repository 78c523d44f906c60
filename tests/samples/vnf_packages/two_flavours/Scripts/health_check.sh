#!/bin/sh
# Operator-side check that the VNF answers on its management address.
exec curl --fail --silent --max-time 5 "http://$1:8080/health"
