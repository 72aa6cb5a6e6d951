"""Importing the ledgers offices keep (台账导入): 附件2-layout or flat xlsx/csv files, validated, then committed."""
