# The host workspace. The guest is built separately for RISC-V (by `zirv build`, or by the
# host through zirv_sdk::build_guest), so it is excluded here.
[workspace]
resolver = "3"
members = ["host"]
exclude = ["guest"]
