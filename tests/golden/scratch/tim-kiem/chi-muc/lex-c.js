CongkhaiSearch.load("lex:c",[["chet",1],["chinh",3],["chu",1],["chung",2],["cong",2],["cua",2]]);
