CongkhaiSearch.load("lex:h",[["han",1],["hanh",1],["ho",2],["hoac",1],["hoach",1]]);
