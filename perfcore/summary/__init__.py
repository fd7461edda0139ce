"""汇总与复核: many units' packages in one table, and the receiving office's review of them.

A 主管部门 or 财政局 receives hundreds of report files and exchange JSONs. This package
reads them strictly read-only (``sources``), in parallel across processes (``run``), turns
each into one row (``rows``), keeps the office's own 复核 in a separate review file
(``review``, ``.jxzh``) and writes the table as JSON, Excel or PDF. No Qt.
"""
