CongkhaiSearch.load("lex:s",[["sao",2],["sinh",2],["so",4],["soat",1]]);
